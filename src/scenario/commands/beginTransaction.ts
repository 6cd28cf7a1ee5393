// beginTransaction (v1.1): the producer becomes transactional with `transactionalId` (initTransactions on first use:
// FindCoordinator, InitProducerId, which fences an older producer of the same id) and begins a transaction; its
// produce steps until commitTransaction or abortTransaction are in it.
import { command, f } from './spec';
import { blockOn } from './transactions';

export default command({
  name: 'beginTransaction',
  required: { producer: f.str, transactionalId: f.str },
  optional: {},
  doc: "InitProducerId (once) and a new transaction; the producer's `produce` steps until the end are in it",
  execute(run, step) {
    const p = run.cluster.producer(step.producer);
    // transactional.id is fixed for a producer's life: another id is another producer
    if (p.txn && p.txn.transactionalId !== step.transactionalId) {
      p.transactionErrors.push('IllegalStateException');
      return;
    }
    const txn = p.enableTransactions(step.transactionalId);
    if (txn.state === 'UNINITIALIZED') blockOn(run, p.transactionErrors, (done) => txn.initTransactions(done));
    if (txn.state === 'INITIALIZING') return;
    txn.beginTransaction();
  },
});
