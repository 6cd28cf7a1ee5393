// clientRequest (project): a real Kafka client's request, as npm run cluster records it. Its bytes go from the
// client's connection (a node of the simulated network) to the broker once the clock reaches `at`; the wire layer
// (src/wire) translates it into the engine's requests and the answer back, which in a replay goes nowhere.
import { requestChannel } from '../../wire/RequestChannel';
import { checkRequestBytes } from '../../wire/requestBytes';
import { fromBase64 } from '../../wire/codec/base64';
import { LIMITS } from '../limits';
import { command, f, type Field } from './spec';

const bytes: Field<string> = {
  check: (v) => {
    const r = checkRequestBytes(v);
    return 'error' in r ? r.error : null;
  },
  maxLength: LIMITS.fileSize,
};

export default command({
  name: 'clientRequest',
  required: { broker: f.broker, connection: f.int(1, 2_147_483_647), bytes },
  optional: { at: f.int(0, Number.MAX_SAFE_INTEGER), client: f.strOrNull, api: f.str, version: f.int(0, 32767) },
  doc: "a real Kafka client's request (base64 of its header and body) sent on connection `connection` to `broker` at simulated time `at`",
  validate(step, known) {
    // a CreateTopics request makes its topics known to later steps
    const r = checkRequestBytes(step.bytes);
    if (!('error' in r)) for (const t of r.createsTopics) known.topics.add(t);
    return null;
  },
  execute(run, step) {
    if (step.at !== undefined && step.at > run.now) run.runFor(step.at - run.now);
    requestChannel(run.cluster).inject(step.broker, step.connection, fromBase64(step.bytes)!);
  },
});
