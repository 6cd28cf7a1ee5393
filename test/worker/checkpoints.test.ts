// The timeline seeks from the nearest checkpoint (ScenarioRun.checkpoint, docs/engine.md "Snapshots") instead of
// replaying from the start: a long step is replayed once, not at every step back. Every position shows the same
// dump as a timeline without checkpoints (itself checked against fresh runs in test/ui/host-engine.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioRun, type RunCheckpoint } from '../../src/scenario/runner';
import type { Scenario } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { Timeline, type EngineApi } from '../../src/worker/timeline';

function counting(): EngineApi & { fresh: number; restored: number } {
  const api = {
    fresh: 0, restored: 0,
    validateScenario,
    createRun: (s: Scenario) => { api.fresh++; return new ScenarioRun(s); },
    restoreRun: (cp: unknown, trace: readonly never[]) => { api.restored++; return ScenarioRun.restore(cp as RunCheckpoint, trace); },
  };
  return api;
}

const longStory = {
  version: 1, id: 'long', brokers: 3, steps: [
    { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
    { do: 'produce', topic: 't', count: 3, acks: 'all' },
    { do: 'advance', ms: 120_000 },
    { do: 'produce', topic: 't', count: 2, acks: 1 },
    { do: 'crashBroker', broker: 1 },
    { do: 'advance', ms: 20_000 },
    { do: 'startBroker', broker: 1 },
    { do: 'advance', ms: 5_000 },
  ],
};

describe('checkpoints in the timeline', () => {
  it('every position shows the dump a timeline without checkpoints shows; stepping back after the long step does not replay it', () => {
    const plain = new Timeline({ validateScenario, createRun: (s) => new ScenarioRun(s) });
    expect(plain.load(longStory)).toBeNull();
    const api = counting();
    const tl = new Timeline(api, () => 0);
    tl.checkpointAfterMs = 0; // a checkpoint after every step
    expect(tl.load(longStory)).toBeNull();
    expect(tl.checkpointCount).toBe(longStory.steps.length);
    const n = tl.lastSeq();
    for (const t of [tl, plain]) t.window = 5;
    const longEnd = (() => { plain.seekStep(3); return plain.cursor; })();
    for (let c = n - 1; c > longEnd; c -= 9) {
      tl.seek(c);
      plain.seek(c);
      expect(JSON.stringify(tl.view().dump), `position ${c}`).toBe(JSON.stringify(plain.view().dump));
    }
    expect(api.fresh).toBe(1); // the full run only: every capture started from a checkpoint after the long step
    expect(api.restored).toBeGreaterThan(0);
    // positions inside and before the long step too
    for (const c of [tl.view().minCursor + 1, longEnd - 1, longEnd]) {
      tl.seek(c);
      plain.seek(c);
      expect(JSON.stringify(tl.view().dump), `position ${c}`).toBe(JSON.stringify(plain.view().dump));
    }
  });

  it('a long command appended at the end is followed by a checkpoint; a command in the past starts afresh', () => {
    const api = counting();
    let now = 0;
    const tl = new Timeline(api, () => (now += 200));
    tl.checkpointAfterMs = 150;
    expect(tl.load({ ...longStory, steps: longStory.steps.slice(0, 2) })).toBeNull();
    const before = tl.checkpointCount;
    expect(tl.command({ do: 'advance', ms: 60_000 } as never)).toBeNull();
    expect(tl.checkpointCount).toBe(before + 1);
    tl.seekStep(1);
    expect(tl.command({ do: 'crashBroker', broker: 2 } as never)).toBeNull();
    expect(tl.scenario!.steps.map((s) => s.do)).toEqual(['createTopic', 'crashBroker']);
    expect(tl.checkpointCount).toBeLessThanOrEqual(2);
  });

  it('a lesson: the same dumps at every step with and without checkpoints', () => {
    const json = JSON.parse(readFileSync(new URL('../../public/lessons/min-insync-replicas.json', import.meta.url), 'utf8')) as { steps: unknown[] };
    const plain = new Timeline({ validateScenario, createRun: (s) => new ScenarioRun(s) });
    const tl = new Timeline(counting(), () => 0);
    tl.checkpointAfterMs = 0;
    expect(plain.load(json)).toBeNull();
    expect(tl.load(json)).toBeNull();
    for (let k = json.steps.length; k >= 0; k--) {
      tl.seekStep(k);
      plain.seekStep(k);
      expect(JSON.stringify(tl.view().dump), `step ${k}`).toBe(JSON.stringify(plain.view().dump));
    }
  });
});
