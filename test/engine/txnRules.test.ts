// The transaction coordinator's pure rules, checked against Kafka's own tests (trunk 4.0.0-SNAPSHOT):
// TransactionStateManagerTest, TransactionMetadataTest, TransactionCoordinatorTest, ProducerStateManagerTest.
import { describe, expect, it } from 'vitest';
import { transactionStatePartition } from '../../src/engine/txn/rules/partitionFor';
import {
  isExpirationAllowed,
  isValidTransition,
  TRANSACTION_STATE_ID,
  TRANSACTION_STATES,
  transactionStateFromId,
  validPreviousStates,
} from '../../src/engine/txn/rules/transactionState';
import {
  completeTransition,
  IllegalTxnStateError,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  prepareAbortOrCommit,
  prepareComplete,
  prepareFenceProducerEpoch,
  prepareIncrementProducerEpoch,
  prepareProducerIdRotation,
  type TxnMetadata,
} from '../../src/engine/txn/rules/transactionMetadata';
import { applyTransit, handleAddPartitionsToTxn, handleEndTxn, handleInitProducerId, markersToWrite } from '../../src/engine/txn/rules/transactionCoordinator';
import { appendMarkerToEntry, checkProducerEpoch, transactionalErrorKind } from '../../src/engine/txn/rules/producerFencing';

const producerId = 23423; // TransactionMetadataTest.producerId
const md = (over: Partial<TxnMetadata>): TxnMetadata => ({
  transactionalId: 'txnlId',
  producerId,
  previousProducerId: NO_PRODUCER_ID,
  nextProducerId: NO_PRODUCER_ID,
  producerEpoch: NO_PRODUCER_EPOCH,
  lastProducerEpoch: NO_PRODUCER_EPOCH,
  txnTimeoutMs: 30000,
  state: 'Empty',
  topicPartitions: [],
  txnStartTimestamp: -1,
  txnLastUpdateTimestamp: 0,
  clientTransactionVersion: 0,
  pendingState: null,
  hasFailedEpochFence: false,
  ...over,
});

describe('__transaction_state partition (TransactionStateManager.partitionFor)', () => {
  it('is abs(hashCode) mod the partition count, as TransactionStateManagerTest expects', () => {
    // testDeletePartition: numPartitions = 2, "b" -> 0, "a" -> 1; testAddGetPids: "one" and "two" -> 0
    expect(transactionStatePartition('b', 2)).toBe(0);
    expect(transactionStatePartition('a', 2)).toBe(1);
    expect(transactionStatePartition('one', 2)).toBe(0);
    expect(transactionStatePartition('two', 2)).toBe(0);
    // "polygenelubricants".hashCode() == Integer.MIN_VALUE: Utils.abs maps it to 0
    expect(transactionStatePartition('polygenelubricants')).toBe(0);
    // "txn-1".hashCode() = 110810510 -> 110810510 % 50 = 10 (default transaction.state.log.num.partitions)
    expect(transactionStatePartition('txn-1')).toBe(10);
    expect(() => transactionStatePartition('x', 0)).toThrow(/positive integer/);
  });
});

describe('TransactionState', () => {
  it('maps ids both ways (testTransactionStateIdAndNameMapping, testAllTransactionStatesAreMapped)', () => {
    expect(TRANSACTION_STATES.map((s) => TRANSACTION_STATE_ID[s])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const s of TRANSACTION_STATES) expect(transactionStateFromId(TRANSACTION_STATE_ID[s])).toBe(s);
    expect(() => transactionStateFromId(8)).toThrow(/Unknown transaction state id 8/);
  });

  it('allows exactly the transitions of validPreviousStates', () => {
    const allowed = TRANSACTION_STATES.flatMap((to) => TRANSACTION_STATES.filter((from) => isValidTransition(from, to)).map((from) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      [
        'Empty->Empty',
        'CompleteCommit->Empty',
        'CompleteAbort->Empty',
        'Ongoing->Ongoing',
        'Empty->Ongoing',
        'CompleteCommit->Ongoing',
        'CompleteAbort->Ongoing',
        'Ongoing->PrepareCommit',
        'Ongoing->PrepareAbort',
        'PrepareEpochFence->PrepareAbort',
        'PrepareCommit->CompleteCommit',
        'PrepareAbort->CompleteAbort',
        'Empty->Dead',
        'CompleteAbort->Dead',
        'CompleteCommit->Dead',
        'Ongoing->PrepareEpochFence',
      ].sort(),
    );
    expect(validPreviousStates('PrepareAbort', { tv2AbortWhenUnsure: true })).toEqual([
      'Ongoing',
      'PrepareEpochFence',
      'Empty',
      'CompleteCommit',
      'CompleteAbort',
    ]);
    expect(TRANSACTION_STATES.filter(isExpirationAllowed)).toEqual(['Empty', 'CompleteCommit', 'CompleteAbort']);
  });
});

describe('TransactionMetadata epochs (TransactionMetadataTest)', () => {
  const bump = (m: TxnMetadata, expected: number | null) => {
    const r = prepareIncrementProducerEpoch(m, 30000, expected, 0);
    if (r.error) throw new Error(r.error);
    return completeTransition(r.metadata, r.transit);
  };

  it('testInitializeEpoch / testNormalEpochBump: -1 -> 0, 735 -> 736, last epoch forgotten', () => {
    expect(bump(md({}), null)).toMatchObject({ producerId, producerEpoch: 0, lastProducerEpoch: -1, state: 'Empty', pendingState: null });
    expect(bump(md({ producerEpoch: 735 }), null)).toMatchObject({ producerEpoch: 736, lastProducerEpoch: -1 });
  });

  it('testAttemptedEpochBumpWithNewlyCreatedMetadata / WithCurrentEpochProvided / WithLastEpoch / WithFencedEpoch', () => {
    expect(bump(md({}), 735)).toMatchObject({ producerEpoch: 0, lastProducerEpoch: -1 });
    expect(bump(md({ producerEpoch: 735 }), 735)).toMatchObject({ producerEpoch: 736, lastProducerEpoch: 735 });
    expect(bump(md({ producerEpoch: 735, lastProducerEpoch: 734 }), 734)).toMatchObject({ producerEpoch: 735, lastProducerEpoch: 734 });
    expect(prepareIncrementProducerEpoch(md({ producerEpoch: 735, lastProducerEpoch: 734, previousProducerId: producerId }), 30000, 733, 0)).toEqual({
      error: 'PRODUCER_FENCED',
    });
  });

  it('testBumpEpochNotAllowedIfEpochsExhausted / testRotateProducerId', () => {
    expect(() => prepareIncrementProducerEpoch(md({ producerEpoch: 32766 }), 30000, null, 0)).toThrow(IllegalTxnStateError);
    const r = prepareProducerIdRotation(md({ producerEpoch: 32766 }), 9893, 30000, 0, true);
    expect(completeTransition(r.metadata, r.transit)).toMatchObject({
      producerId: 9893,
      previousProducerId: producerId,
      producerEpoch: 0,
      lastProducerEpoch: 32766,
    });
  });

  it('testFenceProducerAfterEpochsExhausted / testFenceProducerNotAllowedIfItWouldOverflow', () => {
    const fence = prepareFenceProducerEpoch(md({ producerEpoch: 32766, state: 'Ongoing' }));
    expect([fence.transit.producerEpoch, fence.transit.lastProducerEpoch, fence.metadata.pendingState]).toEqual([32767, -1, 'PrepareEpochFence']);
    const abort = prepareAbortOrCommit({ ...fence.metadata, pendingState: null }, 'PrepareAbort', 0, NO_PRODUCER_ID, 0);
    expect(completeTransition(abort.metadata, abort.transit).producerId).toBe(producerId);
    expect(() => prepareFenceProducerEpoch(md({ producerEpoch: 32767, state: 'Ongoing' }))).toThrow(/overflow/);
  });

  it('testEpochBumpOnEndTxn / testEpochBumpOnEndTxnOverflow (transaction version 2)', () => {
    let m = md({ producerEpoch: 10, state: 'Ongoing', txnStartTimestamp: 100 });
    let p = prepareAbortOrCommit(m, 'PrepareCommit', 2, NO_PRODUCER_ID, 99);
    m = completeTransition(p.metadata, p.transit);
    expect([m.producerId, m.producerEpoch, m.clientTransactionVersion]).toEqual([producerId, 11, 2]);
    p = prepareComplete(m, 100);
    m = completeTransition(p.metadata, p.transit);
    expect([m.producerId, m.producerEpoch, m.state]).toEqual([producerId, 11, 'CompleteCommit']);

    let o = md({ producerEpoch: 32766, state: 'Ongoing', txnStartTimestamp: 100 });
    p = prepareAbortOrCommit(o, 'PrepareCommit', 2, 9893, 99);
    o = completeTransition(p.metadata, p.transit);
    expect([o.producerId, o.producerEpoch]).toEqual([producerId, 32767]);
    p = prepareComplete(o, 100);
    o = completeTransition(p.metadata, p.transit);
    expect([o.producerId, o.producerEpoch, o.clientTransactionVersion]).toEqual([9893, 0, 2]);
  });

  it('refuses a second transition while one is pending, and transitions the state machine forbids', () => {
    const p = prepareAbortOrCommit(md({ producerEpoch: 1, state: 'Ongoing' }), 'PrepareCommit', 0, NO_PRODUCER_ID, 0);
    expect(() => prepareAbortOrCommit(p.metadata, 'PrepareAbort', 0, NO_PRODUCER_ID, 0)).toThrow(/already a pending state PrepareCommit/);
    expect(() => prepareAbortOrCommit(md({ producerEpoch: 1, state: 'Empty' }), 'PrepareCommit', 0, NO_PRODUCER_ID, 0)).toThrow(/not a valid previous state/);
  });
});

describe('TransactionCoordinator decisions (TransactionCoordinatorTest)', () => {
  const ctx = { newProducerId: 10, now: 0 };
  const ongoing = md({
    producerEpoch: 1,
    lastProducerEpoch: 0,
    previousProducerId: producerId,
    state: 'Ongoing',
    topicPartitions: ['topic1-0'],
    txnStartTimestamp: 0,
  });

  it('InitProducerId: epoch 0 for a new id (shouldInitPidWithEpochZeroForNewTransactionalId), errors for bad requests', () => {
    const d = handleInitProducerId(null, { transactionalId: 'txn', transactionTimeoutMs: 1000 }, ctx);
    expect(d.kind).toBe('append');
    if (d.kind !== 'append') return;
    expect([d.transit.producerId, d.transit.producerEpoch, d.usedNewProducerId]).toEqual([10, 0, true]);
    expect(handleInitProducerId(null, { transactionalId: '', transactionTimeoutMs: 1000 }, ctx)).toEqual({ kind: 'error', error: 'INVALID_REQUEST' });
    expect(handleInitProducerId(null, { transactionalId: null, transactionTimeoutMs: 1000 }, ctx)).toEqual({
      kind: 'idempotent',
      producerId: 10,
      producerEpoch: 0,
    });
    expect(handleInitProducerId(null, { transactionalId: 't', transactionTimeoutMs: 15 * 60 * 1000 + 1 }, ctx)).toEqual({
      kind: 'error',
      error: 'INVALID_TRANSACTION_TIMEOUT',
    });
  });

  it('InitProducerId bumps the epoch of a finished transaction and waits for one being completed', () => {
    for (const state of ['Empty', 'CompleteAbort', 'CompleteCommit'] as const) {
      const d = handleInitProducerId(md({ producerEpoch: 1, state }), { transactionalId: 'txnlId', transactionTimeoutMs: 1000 }, ctx);
      expect(d.kind === 'append' && [d.transit.producerId, d.transit.producerEpoch, d.transit.txnState]).toEqual([producerId, 2, 'Empty']);
    }
    for (const state of ['PrepareCommit', 'PrepareAbort'] as const) {
      expect(handleInitProducerId(md({ producerEpoch: 1, state }), { transactionalId: 'txnlId', transactionTimeoutMs: 1000 }, ctx)).toEqual({
        kind: 'error',
        error: 'CONCURRENT_TRANSACTIONS',
      });
    }
  });

  it('InitProducerId on an ongoing transaction fences it: abort with epoch + 1 (shouldAbortTransactionOnHandleInitPidWhenExistingTransactionInOngoingState)', () => {
    const d = handleInitProducerId(ongoing, { transactionalId: 'txnlId', transactionTimeoutMs: 1000 }, ctx);
    expect(d.kind).toBe('fenceThenAbort');
    if (d.kind !== 'fenceThenAbort') return;
    expect([d.transit.txnState, d.transit.producerEpoch, d.transit.lastProducerEpoch, d.transit.topicPartitions]).toEqual([
      'PrepareAbort',
      2,
      -1,
      ['topic1-0'],
    ]);
  });

  it('InitProducerId with a stale expected epoch is fenced (testInitProducerIdStaleCurrentEpochProvided)', () => {
    const m = md({ producerEpoch: 10, lastProducerEpoch: 9, state: 'Empty' });
    expect(handleInitProducerId(m, { transactionalId: 'txnlId', transactionTimeoutMs: 1000, expected: { producerId, producerEpoch: 8 } }, ctx)).toEqual({
      kind: 'error',
      error: 'PRODUCER_FENCED',
    });
    expect(handleInitProducerId(m, { transactionalId: 'txnlId', transactionTimeoutMs: 1000, expected: { producerId: 999, producerEpoch: 10 } }, ctx)).toEqual({
      kind: 'error',
      error: 'PRODUCER_FENCED',
    });
  });

  it('AddPartitionsToTxn: fenced on another epoch, concurrent while completing, no write when already included', () => {
    const req = { transactionalId: 'txnlId', producerId, producerEpoch: 1, partitions: ['topic1-0'] };
    expect(handleAddPartitionsToTxn(null, req, 0)).toEqual({ kind: 'error', error: 'INVALID_PRODUCER_ID_MAPPING' });
    expect(handleAddPartitionsToTxn(ongoing, { ...req, producerEpoch: 0 }, 0)).toEqual({ kind: 'error', error: 'PRODUCER_FENCED' }); // shouldRespondWithProducerFencedOnAddPartitionsWhenEpochsAreDifferent
    expect(handleAddPartitionsToTxn({ ...ongoing, state: 'PrepareCommit' }, req, 0)).toEqual({ kind: 'error', error: 'CONCURRENT_TRANSACTIONS' });
    expect(handleAddPartitionsToTxn(ongoing, req, 0)).toEqual({ kind: 'none' }); // shouldRespondWithErrorsNoneOnAddPartitionWhenNoErrorsAndPartitionsTheSame
    const d = handleAddPartitionsToTxn(md({ producerEpoch: 1, state: 'CompleteCommit' }), { ...req, partitions: ['topic1-0', 'topic2-3'] }, 42);
    expect(d.kind === 'append' && [d.transit.txnState, d.transit.topicPartitions, d.transit.txnStartTimestamp]).toEqual([
      'Ongoing',
      ['topic1-0', 'topic2-3'],
      42,
    ]);
  });

  it('EndTxn: the epoch must match; a completed transaction answers NONE to the same result, INVALID_TXN_STATE otherwise', () => {
    const end = (m: TxnMetadata, producerEpoch: number, result: 'COMMIT' | 'ABORT') =>
      handleEndTxn(m, { producerId, producerEpoch, result, isFromClient: true, clientTransactionVersion: 0 }, { now: 0, newProducerId: 10 });
    const complete = md({ producerEpoch: 1, lastProducerEpoch: 1, previousProducerId: producerId, state: 'CompleteCommit' });
    expect(end(complete, 2, 'COMMIT')).toEqual({ kind: 'error', error: 'PRODUCER_FENCED' }); // shouldReturnInvalidEpochOnEndTxnWhenEpochIsLarger
    expect(end({ ...complete, producerEpoch: 2 }, 1, 'COMMIT')).toEqual({ kind: 'error', error: 'PRODUCER_FENCED' }); // ...WhenEpochIsSmaller
    expect(end(complete, 1, 'COMMIT')).toEqual({ kind: 'none', producerId, producerEpoch: 1 }); // shouldReturnOkOnEndTxnWhenStatusIsCompleteCommitAndResultIsCommit
    expect(end(complete, 1, 'ABORT')).toEqual({ kind: 'error', error: 'INVALID_TXN_STATE' });
    expect(end({ ...complete, state: 'PrepareCommit' }, 1, 'COMMIT')).toEqual({ kind: 'error', error: 'CONCURRENT_TRANSACTIONS' });
    expect(end({ ...complete, state: 'PrepareAbort' }, 1, 'COMMIT')).toEqual({ kind: 'error', error: 'INVALID_TXN_STATE' });
    expect(end(md({ producerEpoch: 1, state: 'Empty' }), 1, 'COMMIT')).toEqual({ kind: 'error', error: 'INVALID_TXN_STATE' });
    const ok = end(ongoing, 1, 'COMMIT'); // shouldAppendPrepareCommitToLogOnEndTxnWhenStatusIsOngoingAndResultIsCommit
    expect(ok.kind === 'append' && [ok.transit.txnState, ok.transit.producerEpoch]).toEqual(['PrepareCommit', 1]);
  });
});

describe('zombie fencing, end to end through the rules', () => {
  it("a second producer with the same transactional id aborts the first one's transaction; the zombie gets INVALID_PRODUCER_EPOCH, then PRODUCER_FENCED", () => {
    const ctx = (now: number, newProducerId = 1000) => ({ now, newProducerId });
    // producer A: InitProducerId, AddPartitionsToTxn(orders-0)
    let init = handleInitProducerId(null, { transactionalId: 'shop', transactionTimeoutMs: 60000 }, ctx(0));
    if (init.kind !== 'append') throw new Error(init.kind);
    let m = applyTransit(init);
    expect([m.producerId, m.producerEpoch]).toEqual([1000, 0]);
    const add = handleAddPartitionsToTxn(m, { transactionalId: 'shop', producerId: 1000, producerEpoch: 0, partitions: ['orders-0'] }, 1);
    if (add.kind !== 'append') throw new Error(add.kind);
    m = applyTransit(add);
    // the partition leader has seen A's data at epoch 0
    let entry = appendMarkerToEntry(null, { producerEpoch: 0, coordinatorEpoch: -1 }, 'CLIENT');
    if (entry.error) throw new Error(entry.error);

    // producer B starts with the same transactional id: A's transaction is aborted with epoch 1
    init = handleInitProducerId(m, { transactionalId: 'shop', transactionTimeoutMs: 60000 }, ctx(2));
    expect(init.kind).toBe('fenceThenAbort');
    if (init.kind !== 'fenceThenAbort') return;
    m = completeTransition(init.metadata, init.transit);
    const send = markersToWrite(m, { producerId: 1000, producerEpoch: 1, result: 'ABORT' }, 5, 3);
    if (send.kind === 'error') throw new Error(send.error);
    expect(send.markers).toEqual({ producerId: 1000, producerEpoch: 1, coordinatorEpoch: 5, result: 'ABORT', partitions: ['orders-0'] });
    entry = appendMarkerToEntry(entry.entry, { producerEpoch: send.markers.producerEpoch, coordinatorEpoch: 5 }, 'COORDINATOR');
    if (entry.error) throw new Error(entry.error);
    m = applyTransit(send);
    expect(m.state).toBe('CompleteAbort');
    // B retries InitProducerId and gets epoch 2
    init = handleInitProducerId(m, { transactionalId: 'shop', transactionTimeoutMs: 60000 }, ctx(4));
    if (init.kind !== 'append') throw new Error(init.kind);
    m = applyTransit(init);
    expect([m.producerId, m.producerEpoch, m.state]).toEqual([1000, 2, 'Empty']);

    // the zombie A writes again with epoch 0: the leader refuses (ProducerAppendInfo.checkProducerEpoch)
    const produceError = checkProducerEpoch(entry.entry.producerEpoch, 0, 'CLIENT');
    expect(produceError).toBe('INVALID_PRODUCER_EPOCH');
    expect(transactionalErrorKind(produceError!)).toBe('abortable');
    // A aborts: EndTxn with epoch 0 meets epoch 2 at the coordinator
    const endA = handleEndTxn(m, { producerId: 1000, producerEpoch: 0, result: 'ABORT', isFromClient: true, clientTransactionVersion: 0 }, ctx(5));
    expect(endA).toEqual({ kind: 'error', error: 'PRODUCER_FENCED' });
    expect(transactionalErrorKind('PRODUCER_FENCED')).toBe('fatal');
    // a follower replicating the same batch only logs it
    expect(checkProducerEpoch(2, 0, 'REPLICATION')).toBeNull();
  });

  it('a marker from an older coordinator epoch is refused (ProducerStateManagerTest.testCoordinatorFencing)', () => {
    let e = appendMarkerToEntry({ producerEpoch: 5, coordinatorEpoch: -1 }, { producerEpoch: 5, coordinatorEpoch: 1 }, 'COORDINATOR');
    expect(e).toEqual({ error: null, entry: { producerEpoch: 5, coordinatorEpoch: 1 } });
    if (e.error) return;
    e = appendMarkerToEntry(e.entry, { producerEpoch: 5, coordinatorEpoch: 2 }, 'COORDINATOR');
    if (e.error) throw new Error(e.error);
    expect(appendMarkerToEntry(e.entry, { producerEpoch: 5, coordinatorEpoch: 1 }, 'COORDINATOR')).toEqual({ error: 'TRANSACTION_COORDINATOR_FENCED' });
    // testOldEpochForControlRecord: a marker with an older producer epoch
    expect(appendMarkerToEntry(e.entry, { producerEpoch: 3, coordinatorEpoch: 2 }, 'COORDINATOR')).toEqual({ error: 'INVALID_PRODUCER_EPOCH' });
  });
});
