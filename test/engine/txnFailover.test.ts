// A transaction coordinator that dies in the middle of a commit: PrepareCommit is in __transaction_state, the
// markers are not written yet. The broker that takes over the __transaction_state partition loads it and finishes
// the commit with its own coordinator epoch: TransactionCoordinator.onElection(partition, coordinatorEpoch) →
// TransactionStateManager.loadTransactionsForTxnTopicPartition, which for a transaction in PrepareCommit or
// PrepareAbort calls sendTxnMarkers (TransactionMarkerChannelManager.addTxnMarkersToSend) "to complete the
// transaction"; the coordinator epoch is the partition's leader epoch (KafkaApis → onElection).
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import type { EventOf, EventType } from '../../src/engine/events';

const eventsOf = <K extends EventType>(r: ScenarioRun, type: K) => r.events.filter((e) => e.type === type) as unknown as EventOf<K>[];

const CONFIG = { 'transaction.state.log.num.partitions': 1, 'offsets.topic.num.partitions': 1 };

function scenario(mode: 'zookeeper' | 'kraft', steps: unknown[]): ScenarioRun {
  const v = validateScenario({ version: 1, id: 'failover', mode, brokers: 4, config: CONFIG, steps });
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  r.runToEnd();
  return r;
}

describe.each(['zookeeper', 'kraft'] as const)('coordinator failover in the middle of a commit (%s mode)', (mode) => {
  it('the new coordinator finishes the commit', () => {
    const begin = { do: 'beginTransaction', producer: 'p', transactionalId: 'orders-tx' };
    // where the coordinator and __transaction_state-0's replicas are (the seed decides)
    const probe = scenario(mode, [begin]).dump();
    const state = probe.topics.__transaction_state.partitions['0'];
    const coordinator = state.leader!;
    const outsider = [1, 2, 3, 4].find((b) => !state.replicas.includes(b))!; // leads the data, not the transactions
    expect(probe.transactions!['orders-tx'].coordinator).toBe(coordinator);

    const r = scenario(mode, [
      begin,
      { do: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: 1, assignment: [[outsider]] },
      { do: 'produce', producer: 'p', topic: 'orders', partition: 0, count: 3 },
      // the data partition goes offline: the COMMIT marker cannot be written yet
      { do: 'stopBroker', broker: outsider },
      { do: 'commitTransaction', producer: 'p' },
      { do: 'expect', path: 'transactions.orders-tx.state', equals: 'PrepareCommit' },
      { do: 'crashBroker', broker: coordinator },
      { do: 'waitFor', path: 'topics.__transaction_state.partitions.0.leaderEpoch', equals: state.leaderEpoch + 1, timeoutMs: 60000 },
      { do: 'startBroker', broker: outsider },
      { do: 'waitFor', path: 'transactions.orders-tx.state', equals: 'CompleteCommit', timeoutMs: 60000 },
      { do: 'advance', ms: 100 },
    ]);
    expect(r.failures).toEqual([]);
    const d = r.dump();
    const successor = d.topics.__transaction_state.partitions['0'].leader!;
    expect(successor).not.toBe(coordinator);
    expect(d.transactions!['orders-tx']).toMatchObject({ coordinator: successor, coordinatorEpoch: state.leaderEpoch + 1, state: 'CompleteCommit' });
    const loaded = eventsOf(r, 'TxnCoordinatorLoaded').find((e) => e.broker === successor && e.resumed.length > 0)!;
    expect(loaded.resumed).toEqual(['orders-tx']);
    // one COMMIT marker, after the three records, stamped with the new coordinator's epoch
    const markers = eventsOf(r, 'TxnMarkerWritten');
    expect(markers.map((e) => ({ offset: e.offset, marker: e.marker, coordinatorEpoch: e.coordinatorEpoch }))).toEqual([
      { offset: 3, marker: 'COMMIT', coordinatorEpoch: state.leaderEpoch + 1 },
    ]);
    const orders = d.topics.orders.partitions['0'];
    expect([orders.hw, orders.lso]).toEqual([4, 4]);
  });
});
