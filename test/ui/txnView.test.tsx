// @vitest-environment jsdom
// The partition log view on real engine runs: the transactions lesson (markers, aborted and open transactions, the
// LSO beside the HW, what each isolation level reads, the transaction's coordinator and state) and the eligible
// leader replicas lesson (the ELR beside the ISR), in English and Chinese.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { ClusterView } from '../../src/ui/views/ClusterView';
import { PartitionLog } from '../../src/ui/views/PartitionLog';
import { useStore } from '../../src/ui/store';
import { setup } from './fixtures';

afterEach(cleanup);

/** The lesson run to the end of step `last` (0-based), its dump and trace in the store. */
function at(lesson: string, last: number, lang: 'en' | 'zh' = 'en', topic?: string) {
  const v = validateScenario(JSON.parse(readFileSync(join(__dirname, `../../public/lessons/${lesson}.json`), 'utf8')));
  if (!v.ok) throw new Error(v.problem.message);
  const r = new ScenarioRun(v.scenario);
  while (r.nextStep <= Math.min(last, v.scenario.steps.length - 1)) r.runStep();
  setup({ d: r.dump(), ev: [...r.events], lang });
  if (topic) setSelection(topic);
  return r;
}

const setSelection = (topic: string) => useStore.setState({ selection: { topic, partition: 0, broker: null, group: null } });

const cells = (c: HTMLElement) => [...c.querySelectorAll('g.txn-cell')].map((g) => `${g.getAttribute('data-offset')}:${g.getAttribute('data-kind')}`);
const x1 = (c: HTMLElement, id: string) => Number(c.querySelector(`[data-testid=${id}] line`)?.getAttribute('x1'));

describe('transactions in the partition log', () => {
  it('an open transaction: the ABORT marker at its offset, the aborted record struck out, the open one pending, the LSO before the HW', () => {
    at('transactions', 9); // after "The LSO holds at the first offset of the open transaction"
    const { container } = render(<PartitionLog />);
    expect(screen.getByTestId('partition-hw').textContent).toBe('3');
    expect(screen.getByTestId('partition-lso').textContent).toBe('2');
    expect(cells(container)).toEqual(['0:aborted', '1:marker', '2:open']);
    const marker = container.querySelector('g.txn-cell[data-offset="1"]')!;
    expect(marker.querySelector('.marker-letter')?.textContent).toBe('A');
    expect(marker.querySelector('title')?.textContent).toBe('offset 1: ABORT marker of producer id 0 (a control record: never returned to applications)');
    expect(container.querySelector('g.txn-cell[data-offset="0"] line.aborted-strike')).toBeTruthy();
    expect(container.querySelector('g.txn-cell[data-offset="2"] title')?.textContent).toBe('offset 2: open transaction (pending), producer id 0');
    // the LSO line stands one cell left of the HW line, each labelled
    const cell = x1(container, 'txn-hw') - x1(container, 'txn-lso');
    expect(cell).toBeGreaterThan(0);
    expect(screen.getByTestId('txn-lso').textContent).toBe('LSO 2');
    expect(screen.getByTestId('txn-hw').textContent).toBe('HW 3');
    expect(screen.getByTestId('lso-explain').textContent).toBe(
      'LSO 2 < HW 3: a transaction is still open at offset 2. read_committed consumers stop at the LSO, read_uncommitted ones read up to the HW.',
    );
    // read_uncommitted: offsets 0 and 2; read_committed: nothing yet
    expect(screen.getByTestId('read-uncommitted').getAttribute('data-count')).toBe('2');
    expect(screen.getByTestId('read-committed').getAttribute('data-count')).toBe('0');
    // the coordinator of transfer-app: broker 1, __transaction_state-13, transaction Ongoing
    const row = container.querySelector('[data-testid=transactions] tr[data-txn="transfer-app"]')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'transfer-app',
      'Broker 1 · __transaction_state-13',
      'Ongoing',
      '0 · 1',
      'transfers-0, transfers-1',
    ]);
    // the leader's batch list has the marker too, between the records
    expect([...container.querySelectorAll('[data-testid=batches] .chip')].map((c) => c.textContent?.split(' ·')[0])).toEqual(['0–0', 'ABORT 1–1', '2–2']);
  });

  it('at the end: four markers, LSO = HW, and the same in Chinese', () => {
    at('transactions', 1000, 'zh');
    const { container } = render(<PartitionLog />);
    expect(cells(container)).toEqual(['0:aborted', '1:marker', '2:committed', '3:marker', '4:aborted', '5:marker', '6:committed', '7:marker']);
    expect([1, 3, 5, 7].map((o) => container.querySelector(`g.txn-cell[data-offset="${o}"] .marker-letter`)?.textContent)).toEqual(['A', 'C', 'A', 'C']);
    expect(screen.getByTestId('txn-hw').textContent).toBe('HW = LSO 8');
    expect(screen.getByTestId('txn-lso').getAttribute('data-same-as-hw')).toBe('true');
    expect(screen.getByTestId('lso-explain').textContent).toContain('LSO = HW：高水位以下没有未结束的事务');
    expect(screen.getByTestId('read-uncommitted').getAttribute('data-count')).toBe('4');
    expect(screen.getByTestId('read-committed').getAttribute('data-count')).toBe('2');
    expect(container.querySelector('tr[data-txn="transfer-app"]')?.textContent).toContain('CompleteCommit');
    expect(screen.getByTestId('txn-log').textContent).toContain('逐个位移看日志');
  });

  it('draws no strip for a partition without transactional data', () => {
    at('idempotent-producer', 2);
    const { container } = render(<PartitionLog />);
    expect(screen.getByTestId('partition-hw').textContent).toBe('1');
    expect(container.querySelector('[data-testid=txn-log]')).toBeNull();
    expect(screen.queryByTestId('partition-lso')).toBeNull();
  });
});

describe('eligible leader replicas in the partition log', () => {
  it('ELR off: no ELR badge; on: the ELR beside the ISR, with its explanation in both languages', () => {
    at('eligible-leader-replicas', 3, 'en', 'before');
    render(<PartitionLog />);
    expect(screen.getByTestId('isr-list').textContent).toBe('ISR [1]');
    expect(screen.queryByTestId('elr-list')).toBeNull();
    cleanup();

    at('eligible-leader-replicas', 18, 'en', 'after'); // broker 2 left the ISR below min.insync.replicas
    render(<PartitionLog />);
    expect(screen.getByTestId('isr-list').textContent).toBe('ISR [1]');
    expect(screen.getByTestId('elr-list').textContent).toBe('ELR [2]');
    expect(screen.getByTestId('elr-list').getAttribute('title')).toMatch(/^ELR \(eligible leader replicas, KIP-966\)/);
    cleanup();

    at('eligible-leader-replicas', 22, 'zh', 'after'); // broker 1 back from an unclean shutdown: out of the ELR
    const { container } = render(<PartitionLog />);
    expect(screen.getByTestId('isr-list').textContent).toBe('ISR []');
    expect(screen.getByTestId('elr-list').textContent).toBe('ELR [2]');
    expect(container.textContent).toContain('最后已知的 ELR [1]');
    expect(container.querySelector('.elr-explain')?.textContent).toMatch(/^ELR（合格 leader 副本，KIP-966）/);
  });
});

describe('eligible leader replicas on the cluster stage', () => {
  it("marks the ELR member's replica with an E, explained in its title; an ISR member gets none", () => {
    at('eligible-leader-replicas', 18, 'en', 'after');
    const { container } = render(<ClusterView />);
    const rep = (b: number) => container.querySelector(`[data-broker="${b}"] [data-replica="after-0"]`)!;
    expect(rep(2).querySelector('[data-elr]')?.textContent).toBe(' E');
    expect(rep(2).querySelector('title')?.textContent).toContain('an eligible leader replica (ELR)');
    expect(rep(1).querySelector('[data-elr]')).toBeNull(); // the leader, in the ISR
    expect(rep(3).querySelector('[data-elr]')).toBeNull(); // left the ISR at min.insync.replicas: not eligible
  });
});
