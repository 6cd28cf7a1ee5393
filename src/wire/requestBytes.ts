// The bytes of a recorded client request (the scenario step clientRequest), checked for the scenario validator.
import { decodeRequest } from './protocol/apis';
import { fromBase64 } from './codec/base64';

/**
 * Checks a clientRequest step's bytes: base64 of a request frame the simulator serves, decoded whole (a replay
 * must not meet a frame it cannot read). Returns the topics a CreateTopics request creates.
 */
export function checkRequestBytes(b64: unknown): { error: string } | { createsTopics: string[] } {
  if (typeof b64 !== 'string') return { error: 'base64 of a Kafka request' };
  const bytes = fromBase64(b64);
  if (!bytes || bytes.length < 8) return { error: 'base64 of a Kafka request' };
  try {
    const r = decodeRequest(bytes);
    return { createsTopics: r.kind === 'request' && r.api === 'CreateTopics' ? (r.body.topics as { name: string }[]).map((t) => t.name) : [] };
  } catch (e) {
    return { error: `a well-formed Kafka request the simulator serves (${(e as Error).message})` };
  }
}
