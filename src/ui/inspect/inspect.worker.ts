// Inspect's decoder off the page's thread: a big or hostile file (a gzip bomb) never blocks the page, and
// closing the dialog ends the work (the worker is terminated). Reads each File here and posts back only
// what is shown (model.ts), not the file's bytes.
import { inspectBytes, unreadable, type FileKind } from './model';

export interface DecodeRequest {
  id: number;
  file: Blob;
  path: string;
  as?: FileKind;
}

self.onmessage = async (e: MessageEvent<DecodeRequest>) => {
  const { id, file, path, as } = e.data;
  let result;
  try {
    result = inspectBytes(path, new Uint8Array(await file.arrayBuffer()), as);
  } catch (err) {
    result = unreadable(path, file.size, err);
  }
  (self as unknown as Worker).postMessage({ id, result });
};
