// Decodes files for the Inspect dialog in a Web Worker (inspect.worker.ts), one file at a time; where no
// Worker exists (tests in jsdom) it decodes in this thread. close() ends the worker and any work in it.
import { readFileBytes } from './files';
import { inspectBytes, unreadable, type FileKind, type InspectedFile } from './model';

export interface Decoder {
  decode(file: Blob, path: string, as?: FileKind): Promise<InspectedFile>;
  close(): void;
}

let nextId = 1;

/** Every file gets its id here, from one counter, whichever thread decoded it. */
const withId = (f: InspectedFile, id: number): InspectedFile => ({ ...f, id });

function inThread(): Decoder {
  return {
    async decode(file, path, as) {
      const id = nextId++;
      try {
        return withId(inspectBytes(path, await readFileBytes(file), as), id);
      } catch (e) {
        return withId(unreadable(path, file.size, e), id);
      }
    },
    close() {},
  };
}

function inWorker(): Decoder {
  const waiting = new Map<number, { resolve: (f: InspectedFile) => void; file: Blob; path: string }>();
  const worker = new Worker(new URL('./inspect.worker.ts', import.meta.url), { type: 'module' });
  const failAll = (why: unknown) => {
    for (const [id, w] of waiting) w.resolve(withId(unreadable(w.path, w.file.size, why), id));
    waiting.clear();
  };
  worker.onmessage = (e: MessageEvent<{ id: number; result: InspectedFile }>) => {
    const w = waiting.get(e.data.id);
    waiting.delete(e.data.id);
    w?.resolve(withId(e.data.result, e.data.id));
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failAll(new Error(e.message || 'the decoder stopped'));
  };
  return {
    decode(file, path, as) {
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, { resolve, file, path });
        worker.postMessage({ id, file, path, as });
      });
    },
    close() {
      worker.terminate();
      failAll(new Error('cancelled'));
    },
  };
}

export function createDecoder(): Decoder {
  return typeof Worker === 'undefined' ? inThread() : inWorker();
}
