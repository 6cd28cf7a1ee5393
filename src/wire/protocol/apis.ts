// The APIs the simulated broker serves, the versions it advertises in ApiVersions, and the framing of one
// request or response: header (RequestHeader v1/v2, ResponseHeader v0/v1, KIP-482) then the body.
import { MESSAGES, RequestHeader, ResponseHeader } from './messages';
import { decodeMessage, encodeMessage, type Message } from '../codec/schema';
import { ProtocolError, Reader, Writer } from '../codec/primitives';
import { SUPPORTED, type ApiName } from './versions';

export { SUPPORTED, type ApiName };

const BY_KEY = new Map<number, ApiName>(Object.entries(MESSAGES).map(([name, m]) => [m.apiKey, name as ApiName]));

export function apiKeyOf(name: ApiName): number {
  return MESSAGES[name].apiKey;
}

export function apiNameOf(key: number): ApiName | undefined {
  return BY_KEY.get(key);
}

export function isSupported(name: ApiName, version: number): boolean {
  const [lo, hi] = SUPPORTED[name];
  return version >= lo && version <= hi;
}

/** ApiVersionsResponse.ApiKeys: every served API with its range, by key. */
export function apiVersionsList(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return Object.entries(SUPPORTED)
    .map(([name, [lo, hi]]) => ({ apiKey: MESSAGES[name as ApiName].apiKey, minVersion: lo, maxVersion: hi }))
    .sort((a, b) => a.apiKey - b.apiKey);
}

const requestHeaderVersion = (api: ApiName, version: number) => (version >= MESSAGES[api].request.flexible ? 2 : 1);
/** ApiVersions responses always use header v0, so that a client of any version can read the error (KIP-511). */
const responseHeaderVersion = (api: ApiName, version: number) => (api !== 'ApiVersions' && version >= MESSAGES[api].response.flexible ? 1 : 0);

export interface RequestHead {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export type DecodedRequest =
  | { kind: 'request'; head: RequestHead; api: ApiName; body: Message }
  /** an ApiVersions version we do not serve: answered with v0 and UNSUPPORTED_VERSION (KIP-511) */
  | { kind: 'unsupportedApiVersions'; head: RequestHead };

/**
 * Decodes one request (the bytes after its 4-byte size). Throws ProtocolError for what Kafka refuses by
 * closing the connection: an unknown API key, a version it does not serve (but ApiVersions), a malformed body.
 */
export function decodeRequest(frame: Uint8Array): DecodedRequest {
  const r = new Reader(frame);
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const api = apiNameOf(apiKey);
  if (!api) throw new ProtocolError(`unknown API key ${apiKey}`);
  if (!isSupported(api, apiVersion)) {
    if (api === 'ApiVersions') {
      const correlationId = r.int32();
      return { kind: 'unsupportedApiVersions', head: { apiKey, apiVersion, correlationId, clientId: null } };
    }
    throw new ProtocolError(`${api} version ${apiVersion} is not supported (${SUPPORTED[api].join('-')})`);
  }
  r.pos = 0;
  const h = decodeMessage(RequestHeader, requestHeaderVersion(api, apiVersion), r);
  const head: RequestHead = { apiKey, apiVersion, correlationId: h.correlationId as number, clientId: h.clientId as string | null };
  const body = decodeMessage(MESSAGES[api].request, apiVersion, r);
  if (r.remaining !== 0) throw new ProtocolError(`${api} v${apiVersion}: ${r.remaining} bytes left after the request`);
  return { kind: 'request', head, api, body };
}

/** Encodes a request (size prefix included): what a client sends (tests, the bench). */
export function encodeRequest(api: ApiName, version: number, correlationId: number, clientId: string | null, body: Message): Uint8Array {
  const w = new Writer();
  w.int32(0);
  encodeMessage(
    RequestHeader,
    requestHeaderVersion(api, version),
    { requestApiKey: MESSAGES[api].apiKey, requestApiVersion: version, correlationId, clientId },
    w,
  );
  encodeMessage(MESSAGES[api].request, version, body, w);
  return withSize(w);
}

/** Encodes a response (size prefix included). */
export function encodeResponse(api: ApiName, version: number, correlationId: number, body: Message): Uint8Array {
  const w = new Writer();
  w.int32(0);
  encodeMessage(ResponseHeader, responseHeaderVersion(api, version), { correlationId }, w);
  encodeMessage(MESSAGES[api].response, version, body, w);
  return withSize(w);
}

/** Decodes a response (the bytes after its size): what a client reads (tests). */
export function decodeResponse(api: ApiName, version: number, frame: Uint8Array): { correlationId: number; body: Message } {
  const r = new Reader(frame);
  const h = decodeMessage(ResponseHeader, responseHeaderVersion(api, version), r);
  const body = decodeMessage(MESSAGES[api].response, version, r);
  if (r.remaining !== 0) throw new ProtocolError(`${api} v${version} response: ${r.remaining} bytes left`);
  return { correlationId: h.correlationId as number, body };
}

function withSize(w: Writer): Uint8Array {
  const out = w.bytesOut();
  new DataView(out.buffer).setInt32(0, out.length - 4);
  return out;
}
