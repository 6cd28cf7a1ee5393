// The worker's timeline (src/worker/timeline.ts) seeking with and without checkpoints, in the same run.
//   worker.heavyLessonSeekMs / ...NoCheckpointsMs: the offset-lookup-article lesson (737k records) opened, then
//     sent to steps back and forth, each one not captured yet (the captured dumps are forgotten before each): what
//     the worker does for a seekStep, the dump it sends included; the mean. worker.heavyLessonSeekSpeedup: the
//     second over the first.
//   worker.heavyLessonOpenMs / ...NoCheckpointsMs: opening it (load: every step run, checkpoints taken).
//   worker.heavyLessonCheckpoints: how many the timeline keeps; worker.heavyLessonCheckpointsHeapMb: the heap they take.
//   worker.seekLateVsEarly / ...NoCheckpoints: in a 300-step history of an idle cluster, a seek near the end over one
//     near the start
//     (about 1 when the cost does not grow with the history).
// Wall time on this machine (shared: see the load average printed on stderr).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ScenarioRun } from '../src/scenario/runner';
import { validateScenario } from '../src/scenario/validate';
import { scenarioEngine } from '../src/worker/engineApi';
import { Timeline } from '../src/worker/timeline';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** A seek to step k as the worker does it, nothing captured before (the timeline's cache emptied). */
function coldSeek(tl: Timeline, k: number): number {
  (tl as unknown as { cache: Map<number, unknown> }).cache.clear();
  const t0 = performance.now();
  tl.seekStep(k);
  tl.view();
  return performance.now() - t0;
}
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

function timeline(checkpoints: boolean): Timeline {
  const tl = new Timeline(checkpoints ? scenarioEngine : { validateScenario, createRun: (s) => new ScenarioRun(s) });
  tl.checkpointing = checkpoints;
  return tl;
}

function heavyLesson(checkpoints: boolean): { openMs: number; seekMs: number; checkpoints: number; heapMb: number } {
  const json = JSON.parse(readFileSync(new URL('../public/lessons/offset-lookup-article.json', import.meta.url), 'utf8')) as { steps: unknown[] };
  const h0 = heap();
  const tl = timeline(checkpoints);
  const t0 = performance.now();
  if (tl.load(json)) throw new Error('invalid lesson');
  const openMs = performance.now() - t0;
  const heapMb = (heap() - h0) / 1e6;
  const times: number[] = [];
  // steps after its long ones and between, none next to another (each one a capture of its own)
  for (const k of [28, 3, 20, 16, 2, 24, 9]) times.push(coldSeek(tl, k));
  return { openMs, seekMs: mean(times), checkpoints: tl.checkpointSteps.length, heapMb };
}

function lateVsEarly(checkpoints: boolean): number {
  // the same state all along (no records, no new clients): only the history grows, one fetch round after another
  const steps: unknown[] = [{ do: 'createTopic', topic: 't', partitions: 2, replicationFactor: 3 }];
  for (let i = 0; i < 300; i++) steps.push({ do: 'advance', ms: 5000 });
  const tl = timeline(checkpoints);
  if (tl.load({ version: 1, id: 'history', brokers: 3, steps })) throw new Error('invalid bench scenario');
  const early: number[] = [],
    late: number[] = [];
  for (let i = 0; i < 7; i++) {
    early.push(coldSeek(tl, 10 + i * 6));
    late.push(coldSeek(tl, 260 + i * 6));
  }
  return median(late) / median(early);
}

export function timelineBench(): Record<string, number> {
  process.stderr.write(
    `worker bench: load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}\n`,
  );
  const plain = heavyLesson(false);
  const cp = heavyLesson(true);
  const r = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    'worker.heavyLessonSeekMs': r(cp.seekMs),
    'worker.heavyLessonSeekNoCheckpointsMs': r(plain.seekMs),
    'worker.heavyLessonSeekSpeedup': r(plain.seekMs / cp.seekMs, 1),
    'worker.heavyLessonOpenMs': r(cp.openMs),
    'worker.heavyLessonOpenNoCheckpointsMs': r(plain.openMs),
    'worker.heavyLessonCheckpoints': cp.checkpoints,
    'worker.heavyLessonCheckpointsHeapMb': r(cp.heapMb - plain.heapMb, 1),
    'worker.seekLateVsEarly': r(lateVsEarly(true), 2),
    'worker.seekLateVsEarlyNoCheckpoints': r(lateVsEarly(false), 2),
  };
}
