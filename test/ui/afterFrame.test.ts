// afterFrame: a task after the next frame (the frame's layout done), cancellable at every stage.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFrame } from '../../src/ui/afterFrame';

let frames: FrameRequestCallback[] = [];
/** Runs the frame: its callbacks (those asked for during it wait for the next). */
const frame = () => {
  const now = frames;
  frames = [];
  for (const f of now) f(0);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    frames[id - 1] = () => undefined;
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('afterFrame', () => {
  it('runs in a task after the next frame, not in the frame itself', () => {
    const ran: string[] = [];
    afterFrame(() => void ran.push('f'));
    vi.runAllTimers();
    expect(ran).toEqual([]); // no frame yet
    frame();
    expect(ran).toEqual([]); // the frame's callbacks done, the task not yet
    vi.runAllTimers();
    expect(ran).toEqual(['f']);
  });

  it('never runs once cancelled, before the frame or between the frame and the task', () => {
    const ran: string[] = [];
    afterFrame(() => void ran.push('a'))();
    frame();
    vi.runAllTimers();
    const cancel = afterFrame(() => void ran.push('b'));
    frame();
    cancel();
    vi.runAllTimers();
    expect(ran).toEqual([]);
  });

  it('chained: the second runs after the frame after the first, and one cancel stops what is pending of both', () => {
    const ran: string[] = [];
    const chain = () =>
      afterFrame(() => {
        ran.push('first');
        return afterFrame(() => void ran.push('second'));
      });
    chain();
    frame();
    vi.runAllTimers();
    expect(ran).toEqual(['first']);
    frame();
    vi.runAllTimers();
    expect(ran).toEqual(['first', 'second']);
    ran.length = 0;
    const cancel = chain();
    frame();
    vi.runAllTimers();
    cancel(); // the first ran: its follower is cancelled
    frame();
    vi.runAllTimers();
    expect(ran).toEqual(['first']);
  });
});
