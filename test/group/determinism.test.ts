// The same group scenario gives the same dump and the same events, run after run.
import { describe, expect, it } from 'vitest';
import { run } from './sim';
import type { Step } from '../../src/scenario/types';
import { canTransition, type GroupState } from '../../src/engine/group/rules';

const steps: Step[] = [
  { do: 'createTopic', topic: 't', partitions: 4, replicationFactor: 3 },
  { do: 'joinGroup', group: 'g', consumer: 'c1', topics: ['t'], assignor: 'cooperative-sticky', autoOffsetReset: 'earliest' },
  { do: 'produce', topic: 't', count: 20, key: 'k{n}' },
  { do: 'joinGroup', group: 'g', consumer: 'c2', topics: ['t'], assignor: 'cooperative-sticky', autoOffsetReset: 'earliest' },
  { do: 'poll', consumer: 'c1' },
  { do: 'poll', consumer: 'c2' },
  { do: 'advance', ms: 6000 },
  { do: 'poll', consumer: 'c1' },
  { do: 'crashConsumer', consumer: 'c2' },
  { do: 'crashBroker', broker: 1 },
  { do: 'advance', ms: 60000 },
  { do: 'poll', consumer: 'c1' },
  { do: 'commit', consumer: 'c1' },
];

describe('determinism', () => {
  it('runs a group scenario twice with the same JSON dump and trace', () => {
    const a = run(steps, { seed: 11 });
    const b = run(steps, { seed: 11 });
    expect(JSON.stringify(a.final)).toBe(JSON.stringify(b.final));
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    const g = (a.final.groups as Record<string, any>).g;
    expect(g.state).toBe('Stable');
    expect(Object.keys(g.members)).toEqual(['c1']);
    expect(g.members.c1.assignment).toEqual(['t-0', 't-1', 't-2', 't-3']);
    expect((a.final.consumers as Record<string, any>).c1.consumed.length).toBeGreaterThan(0);
    // every state change the coordinators made follows GroupMetadata's table (a load starts from nothing)
    const changes = a.events.filter((e) => e.type === 'GroupStateChanged');
    expect(changes.length).toBeGreaterThan(6);
    for (const e of changes) if (e.from !== null) expect(canTransition(e.from as GroupState, e.to as GroupState), `${e.from} -> ${e.to}`).toBe(true);
  });

  it('in kraft mode too', () => {
    const a = run(steps, { mode: 'kraft', seed: 5 });
    const b = run(steps, { mode: 'kraft', seed: 5 });
    expect(JSON.stringify(a.final)).toBe(JSON.stringify(b.final));
    expect((a.final.groups as Record<string, any>).g.state).toBe('Stable');
  });
});
