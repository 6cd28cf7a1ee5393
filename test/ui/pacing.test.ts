// Play's pace (src/ui/pacing.ts): a caption stays long enough to read in the shown language (60 ms a character in
// English, 150 in Chinese, 2 s at least); a step's events play in at most 3 s and 12 moves; speed divides both.
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/scenario/types';
import { BEAT_MAX_MS, dwellMs, EVENT_MS, MAX_MOVES, movesAhead, nextBeat, visibleEvent, type BeatInput } from '../../src/ui/pacing';

describe('dwellMs: reading time of a caption', () => {
  it('60 ms a character in English, 150 ms in Chinese, 2 s at least, nothing for no caption', () => {
    const en = 'Broker 2 won: it is the controller with epoch 2, one more than before.'; // 70 characters
    expect(en.length).toBe(70);
    expect(dwellMs(en, 'en')).toBe(4200);
    const zh = 'broker 2 胜出：它成为控制器，纪元为 2，比之前多一。'; // 31 characters
    expect([...zh].length).toBe(31);
    expect(dwellMs(zh, 'zh')).toBe(4650);
    expect(dwellMs('Broker 2.', 'en')).toBe(2000);
    expect(dwellMs('好。', 'zh')).toBe(2000);
    expect(dwellMs('   ', 'en')).toBe(0);
  });

  it('counts runs of spaces once and characters (not UTF-16 units)', () => {
    expect(dwellMs(`${'a'.repeat(40)}     ${'b'.repeat(9)}`, 'en')).toBe(50 * 60);
    expect(dwellMs('𝒦'.repeat(20), 'zh')).toBe(3000); // 20 characters, 40 UTF-16 units
  });
});

const ev = (types: string[], steps: number[]): SimEvent[] => types.map((type, seq) => ({ seq, time: seq, step: steps[seq], type }));

function input(over: Partial<BeatInput> & Pick<BeatInput, 'events' | 'stepEnds'>): BeatInput {
  return { cursor: -1, minCursor: -1, caption: '', lang: 'en', speed: 1, showNet: false, showRunner: false, ...over };
}

describe('nextBeat: the next move while playing', () => {
  // step 0: 3 events; step 1: a request and 2 events; step 2: 40 events
  const types = [
    'StepStarted',
    'TopicCreated',
    'LeaderElected',
    'StepStarted',
    'MessageSent',
    'Appended',
    'ProduceAcked',
    'StepStarted',
    ...Array(39).fill('Appended'),
  ];
  const steps = [0, 0, 0, 1, 1, 1, 1, ...Array(40).fill(2)];
  const events = ev(types, steps);
  const stepEnds = [2, 6, events.length - 1];

  it('at the end of a step, waits for the caption to be read, then goes to the first visible event of the next step', () => {
    const b = nextBeat(input({ events, stepEnds, cursor: 2, caption: 'Broker 2 won: it is the controller with epoch 2, one more than before.' }))!;
    expect(b.delayMs).toBe(4200);
    expect(b.to).toBe(5); // StepStarted and the request are skipped
    expect(nextBeat(input({ events, stepEnds, cursor: 2, caption: '第 2 步：分区 0 的 leader 换成了 broker 2。', lang: 'zh' }))!.delayMs).toBe(150 * 33);
  });

  it('a few events: one per move, EVENT_MS apart; the step end is always a stop', () => {
    const b = nextBeat(input({ events, stepEnds, cursor: 5 }))!;
    expect(b).toEqual({ delayMs: EVENT_MS, to: 6 });
    expect(nextBeat(input({ events, stepEnds, cursor: -1 }))).toEqual({ delayMs: EVENT_MS, to: 1 });
  });

  it('many events: at most MAX_MOVES moves, all within BEAT_MAX_MS', () => {
    let cursor = 6;
    let total = 0;
    let moves = 0;
    while (cursor < events.length - 1) {
      const b = nextBeat(input({ events, stepEnds, cursor }))!;
      expect(b.to).toBeGreaterThan(cursor);
      total += b.delayMs;
      moves++;
      cursor = b.to;
    }
    expect(moves).toBeLessThanOrEqual(MAX_MOVES);
    expect(total).toBeLessThanOrEqual(BEAT_MAX_MS);
    expect(total).toBeGreaterThan(BEAT_MAX_MS / 2);
  });

  it('speed divides both the reading time and the moves', () => {
    expect(nextBeat(input({ events, stepEnds, cursor: 2, caption: 'x'.repeat(100), speed: 2 }))!.delayMs).toBe(3000);
    expect(nextBeat(input({ events, stepEnds, cursor: 5, speed: 4 }))!.delayMs).toBe(EVENT_MS / 4);
  });

  it("movesAhead: Play's moves after one, to the end of its step (what the worker prepares with it)", () => {
    // step 2's 39 visible events in moves of 4 (the last one shorter): after the first move (from 6 to 11), the rest
    expect(nextBeat(input({ events, stepEnds, cursor: 6 }))!.to).toBe(11);
    const ahead = movesAhead(input({ events, stepEnds }), 11);
    expect(ahead).toEqual([15, 19, 23, 27, 31, 35, 39, 43, events.length - 1]);
    let c = 11;
    for (const to of ahead) expect((c = nextBeat(input({ events, stepEnds, cursor: c }))!.to)).toBe(to);
    // step 1: one move after the one to 5 (its end); none after a step's end (the next step's moves come with it)
    expect(movesAhead(input({ events, stepEnds }), 5)).toEqual([6]);
    expect(movesAhead(input({ events, stepEnds }), 6)).toEqual([]);
    expect(movesAhead(input({ events, stepEnds }), events.length - 1)).toEqual([]);
    // what the learner shows counts: with the requests shown, step 1 has one move more
    expect(movesAhead(input({ events, stepEnds, showNet: true }), 4)).toEqual([5, 6]);
  });

  it('shows network requests and bookkeeping when asked; stops at the end', () => {
    expect(nextBeat(input({ events, stepEnds, cursor: 2, showNet: true }))!.to).toBe(4);
    expect(nextBeat(input({ events, stepEnds, cursor: 2, showRunner: true }))!.to).toBe(3);
    expect(nextBeat(input({ events, stepEnds, cursor: events.length - 1 }))).toBeNull();
    expect(visibleEvent(events[0], false, false)).toBe(false);
    expect(visibleEvent(events[1], false, false)).toBe(true);
  });
});
