// The faces (font, size, weight) a lesson's first screen draws, looked up one per task while the app's code loads,
// before its first frame. Why: Chromium on Linux asks its browser process, synchronously, for each face new to the
// page (the family by name, then the face's rendering settings at that size): 28-40 such calls fell inside a lesson's
// first two frames, 35-90 ms of them (each waits on a browser busy loading the page), and made both long tasks.
// Looked up beforehand, in time the page would spend waiting for its code, the frames find them cached. Elsewhere
// the lookups are cheap and this costs a few small layouts. test/browser/responsiveRun.ts checks the list against
// what the lessons' first screens draw.
import type { Lang } from '../scenario/types';

export interface Face {
  font: 'sans' | 'mono'; // styles.css: --font-sans, --font-mono
  size: number; // CSS px
  weight: number;
  chinese?: boolean; // drawn with a Chinese character in English too (the language menu's 中文)
}

// what every lesson's first screen draws at 1280×800, in English and Chinese (the event log 12.5 px, the stage 11-13)
export const FIRST_SCREEN_FACES: readonly Face[] = [
  ...[10, 11, 12, 12.5].map((size) => ({ font: 'sans' as const, size, weight: 400 })),
  { font: 'sans', size: 13, weight: 400, chinese: true },
  ...[11, 12, 12.5, 13].map((size) => ({ font: 'sans' as const, size, weight: 600 })),
  ...[12, 13, 15].map((size) => ({ font: 'sans' as const, size, weight: 700 })),
  ...[10, 11].map((size) => ({ font: 'mono' as const, size, weight: 400 })),
];

/**
 * What a task of the warm-up may take before it leaves the rest to the next: one face a task (1-19 ms each on a
 * 2-core machine) left five of the fifteen for after the heavy lesson's first frame (the app's own tasks come
 * between), whose layout then looked them up itself (12 ms of its 53).
 */
export const WARM_TASK_MS = 12;

/**
 * Lays out a hidden line in each face, in tasks (`nextTask`) of up to WARM_TASK_MS, then removes them. In Chinese
 * each line has a Chinese character too (drawn from a face of its own, looked up in turn); in English only the faces
 * marked `chinese`.
 */
export function warmFaces(
  doc: Document,
  lang: Lang,
  faces: readonly Face[] = FIRST_SCREEN_FACES,
  nextTask = (f: () => void) => void setTimeout(f, 0),
  now = () => performance.now(),
): Promise<void> {
  const box = doc.createElement('div');
  box.className = 'face-warmup';
  box.setAttribute('aria-hidden', 'true');
  doc.body.append(box);
  let i = 0;
  return new Promise((done) => {
    const step = () => {
      const start = now();
      do {
        if (i === faces.length) {
          box.remove();
          done();
          return;
        }
        const f = faces[i++];
        const line = doc.createElement('span');
        line.style.font = `${f.weight} ${f.size}px var(--font-${f.font})`;
        line.textContent = lang === 'zh' || f.chinese ? 'Ag 中' : 'Ag';
        box.append(line);
        void line.offsetWidth; // the layout that looks the face up, in this task
      } while (now() - start < WARM_TASK_MS);
      nextTask(step);
    };
    nextTask(step);
  });
}
