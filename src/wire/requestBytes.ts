// The bytes of a recorded client request (the scenario step clientRequest), checked for the scenario validator.
import { decodeRequest } from './protocol/apis';
import { fromBase64 } from './codec/base64';

/**
 * Checks a clientRequest step's bytes for the scenario validator: base64 of a request frame we serve. Only a
 * CreateTopics request is decoded whole (the topics it creates are names later steps may use).
 */
export function checkRequestBytes(b64: unknown): { error: string } | { createsTopics: string[] } {
  if (typeof b64 !== 'string') return { error: 'base64 of a Kafka request' };
  const bytes = fromBase64(b64);
  if (!bytes || bytes.length < 8) return { error: 'base64 of a Kafka request' };
  const key = (bytes[0] << 8) | bytes[1];
  if (key !== 19) return { createsTopics: [] };
  try {
    const r = decodeRequest(bytes);
    return { createsTopics: r.kind === 'request' ? (r.body.topics as { name: string }[]).map((t) => t.name) : [] };
  } catch (e) {
    return { error: `a well-formed Kafka request (${(e as Error).message})` };
  }
}
