// @vitest-environment jsdom
// The first screen's faces are looked up one per task before the app's first frame (src/ui/faces.ts, issue 13: in
// Chromium on Linux each new face is a synchronous call to the browser process; inside the first frames they made
// them long tasks). Here: one hidden line per face per task, in that face, with a Chinese character where one will be
// drawn, and nothing left behind.
import { afterEach, describe, expect, it } from 'vitest';
import { FIRST_SCREEN_FACES, WARM_TASK_MS, warmFaces, type Face } from '../../src/ui/faces';

/** Runs the tasks by hand: what the page holds after each. */
function stepper() {
  const queue: (() => void)[] = [];
  return { nextTask: (f: () => void) => void queue.push(f), run: () => queue.shift()?.(), pending: () => queue.length };
}

const lines = () => [...document.querySelectorAll<HTMLElement>('.face-warmup span')];

afterEach(() => document.body.replaceChildren());

describe('warmFaces', () => {
  const faces: Face[] = [
    { font: 'sans', size: 10, weight: 400 },
    { font: 'sans', size: 13, weight: 400, chinese: true },
    { font: 'mono', size: 11, weight: 400 },
  ];

  /** A clock where each face's layout takes `ms` (read at a task's start, then after each face). */
  const perFace = (ms: number) => {
    let t = 0;
    return () => (t += ms) - ms;
  };
  /** One face a task. */
  const slow = () => perFace(2 * WARM_TASK_MS);

  it('lays out one hidden line per task when each takes a task of time, each in its face, then removes them and resolves', async () => {
    const s = stepper();
    let done = false;
    const warmed = warmFaces(document, 'en', faces, s.nextTask, slow()).then(() => (done = true));
    const box = document.querySelector('.face-warmup')!;
    expect(box.getAttribute('aria-hidden')).toBe('true');
    expect(lines()).toHaveLength(0); // nothing in the task that asked
    s.run();
    expect(lines().map((l) => l.style.font)).toEqual(['400 10px var(--font-sans)']);
    s.run();
    s.run();
    expect(lines().map((l) => l.style.font)).toEqual(['400 10px var(--font-sans)', '400 13px var(--font-sans)', '400 11px var(--font-mono)']);
    expect(s.pending()).toBe(1);
    s.run();
    await warmed;
    expect(done).toBe(true);
    expect(document.querySelector('.face-warmup')).toBeNull();
  });

  it('goes on to the next face while the task has taken less than WARM_TASK_MS', () => {
    const s = stepper();
    const many: Face[] = [10, 11, 12, 13, 14, 15, 16].map((size) => ({ font: 'sans', size, weight: 400 }));
    // three faces take just over a task's time
    void warmFaces(document, 'en', many, s.nextTask, perFace(WARM_TASK_MS / 3 + 0.5));
    s.run();
    expect(lines()).toHaveLength(3);
    s.run();
    expect(lines()).toHaveLength(6);
    s.run(); // the seventh, and done in the same task
    expect(document.querySelector('.face-warmup')).toBeNull();
    expect(s.pending()).toBe(0);
  });

  it('in English only a face marked chinese (the language menu) draws a Chinese character; in Chinese every face does', () => {
    for (const [lang, expected] of [
      ['en', ['Ag', 'Ag 中', 'Ag']],
      ['zh', ['Ag 中', 'Ag 中', 'Ag 中']],
    ] as const) {
      const s = stepper();
      void warmFaces(document, lang, faces, s.nextTask, slow());
      for (let i = 0; i < faces.length; i++) s.run();
      expect(lines().map((l) => l.textContent)).toEqual(expected);
      s.run();
    }
  });

  it('the first screen list has each face once, in the two fonts of styles.css', () => {
    const keys = FIRST_SCREEN_FACES.map((f) => `${f.font} ${f.size} ${f.weight}`);
    expect(new Set(keys).size).toBe(keys.length);
    // the body face, which the language menu's 中文 is drawn in whatever the language
    expect(FIRST_SCREEN_FACES.filter((f) => f.chinese).map((f) => `${f.font} ${f.size} ${f.weight}`)).toEqual(['sans 13 400']);
    expect(new Set(FIRST_SCREEN_FACES.map((f) => f.font))).toEqual(new Set(['sans', 'mono']));
  });
});
