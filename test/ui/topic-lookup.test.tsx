// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import type { SimEvent, StateDump } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { parseConfigValue, TopicControls } from '../../src/ui/TopicControls';
import { useStore } from '../../src/ui/store';
import { LookupView } from '../../src/ui/views/LookupView';
import { PartitionLog } from '../../src/ui/views/PartitionLog';
import { setup } from './fixtures';

let d: StateDump;
let ev: SimEvent[];

beforeAll(() => {
  const v = validateScenario({
    version: 1,
    id: 'lookup',
    brokers: 3,
    steps: [
      { do: 'createTopic', topic: 'a', partitions: 1, replicationFactor: 3, config: { 'segment.bytes': 1024, 'index.interval.bytes': 100 } },
      ...Array.from({ length: 20 }, () => ({ do: 'produce', topic: 'a', count: 2, value: 'value-{n}-xxxxxxxxxxxxxxxxxxxx' })),
      { do: 'lookup', topic: 'a', partition: 0, offset: 27 },
    ],
  });
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runToEnd();
  d = run.dump();
  ev = run.events;
});

afterEach(cleanup);

describe('offset lookup (real engine dump)', () => {
  it('shows the segment, the index entry and the byte position', () => {
    setup({ d, ev });
    useStore.getState().setPrefs({ reducedMotion: true });
    render(
      <>
        <PartitionLog />
        <LookupView />
      </>,
    );
    expect(screen.getAllByText('00000000000000000014.log').length).toBeGreaterThan(1);
    expect(screen.getByTestId('lookup-result').textContent).toMatch(/Offset 27 is in 00000000000000000014\.log at byte \d+/);
    expect(screen.getByTestId('lookup').querySelector('.chip.chosen')!.textContent).toBe('00000000000000000014.log');
  });

  it('the Find button issues a lookup command on the shown replica', () => {
    const { sent } = setup({ d, ev });
    render(<LookupView />);
    fireEvent.change(screen.getByLabelText('Offset'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect(sent).toEqual([{ type: 'command', step: { do: 'lookup', topic: 'a', partition: 0, offset: 3, broker: 1 } }]);
  });
});

describe('topic and config controls', () => {
  it('adds partitions, elects leaders and sets configs', () => {
    const { sent } = setup({ d, ev });
    render(<TopicControls />);
    fireEvent.click(screen.getByRole('button', { name: 'Add partitions' }));
    fireEvent.click(screen.getByRole('button', { name: 'Preferred election' }));
    fireEvent.click(screen.getByRole('button', { name: 'Unclean election' }));
    fireEvent.click(screen.getByRole('button', { name: 'Set' }));
    fireEvent.change(screen.getByLabelText('For'), { target: { value: 'topic:a' } });
    fireEvent.change(screen.getByLabelText('Key'), { target: { value: 'retention.ms' } });
    fireEvent.change(screen.getByLabelText('Value'), { target: { value: '60000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set' }));
    expect(sent.map((r) => (r.type === 'command' ? r.step : r))).toEqual([
      { do: 'addPartitions', topic: 'a', partitions: 2 },
      { do: 'electLeaders', type: 'preferred', topic: 'a' },
      { do: 'electLeaders', type: 'unclean', topic: 'a' },
      { do: 'setConfig', key: 'min.insync.replicas', value: 2 },
      { do: 'setConfig', key: 'retention.ms', value: 60000, topic: 'a' },
    ]);
  });

  it('parses config values', () => {
    expect([parseConfigValue('3'), parseConfigValue('true'), parseConfigValue('null'), parseConfigValue('compact')]).toEqual([3, true, null, 'compact']);
  });
});
