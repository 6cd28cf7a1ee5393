// The worker's timeline: stepping back one event (a position not yet captured) near the end of a session whose
// middle step is long (four simulated hours), from the start (every capture replays the long step) and from the
// checkpoint taken after it (ScenarioRun.checkpoint). Wall time on this machine, median of three.
import { ScenarioRun, type RunCheckpoint } from '../src/scenario/runner';
import { validateScenario } from '../src/scenario/validate';
import { Timeline } from '../src/worker/timeline';

const story = {
  version: 1, id: 'long-middle', brokers: 3, steps: [
    { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 },
    { do: 'produce', topic: 't', count: 5 },
    { do: 'advance', ms: 14_400_000 },
    { do: 'produce', topic: 't', count: 2 },
    { do: 'crashBroker', broker: 1 },
    { do: 'advance', ms: 20_000 },
  ],
};

function stepBackMs(checkpoints: boolean): number {
  const tl = new Timeline({ validateScenario, createRun: (s) => new ScenarioRun(s), ...(checkpoints ? { restoreRun: (cp, trace) => ScenarioRun.restore(cp as RunCheckpoint, trace) } : {}) });
  if (tl.load(story)) throw new Error('invalid bench scenario');
  const times: number[] = [];
  for (const back of [3, 40, 80]) {
    const t0 = performance.now();
    tl.seek(tl.lastSeq() - back);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1];
}

export function timelineBench(): Record<string, number> {
  const replay = stepBackMs(false);
  const fromCheckpoint = stepBackMs(true);
  return {
    'timeline.stepBackAfterLongStepMs': Math.round(fromCheckpoint),
    'timeline.stepBackAfterLongStepReplayMs': Math.round(replay),
  };
}
