// commitTransaction (v1.1): EndTxn(COMMIT, after every record sent is acknowledged); the transaction coordinator then writes
// a COMMIT control batch (one offset) to every partition of the transaction. The step returns when the
// coordinator has answered (the markers follow), as KafkaProducer.commitTransaction() returns.
import { command, f } from './spec';
import { blockOn } from './transactions';

export default command({
  name: 'commitTransaction',
  required: { producer: f.str },
  optional: {},
  doc: 'EndTxn; the transaction coordinator writes a COMMIT control batch (one offset) to every partition in the transaction',
  execute(run, step) {
    const p = run.cluster.producer(step.producer);
    // a producer without transactional.id: "Transactional method invoked on a non-transactional producer"
    if (!p.txn) {
      p.transactionErrors.push('IllegalStateException');
      return;
    }
    const txn = p.txn;
    blockOn(run, p.transactionErrors, (done) => txn.endTransaction(true, done));
  },
});
