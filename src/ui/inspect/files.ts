// Getting the files to inspect: picked, dropped, or a dropped folder walked (files keep their paths).

/** Reads a File's bytes (File.arrayBuffer, with a FileReader fallback for older environments). */
export async function readFileBytes(f: Blob): Promise<Uint8Array> {
  if (typeof f.arrayBuffer === 'function') return new Uint8Array(await f.arrayBuffer());
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsArrayBuffer(f);
  });
}

/** A file to read, with the path it had in a dropped folder (its name when picked or dropped alone). */
export interface NamedFile {
  file: File;
  path: string;
}

export const MAX_FOLDER_FILES = 2000;

/**
 * The files of a drop: a dropped folder (a Kafka log directory, an `npm run export` output) is walked,
 * so files keep their paths (broker-1/t-0/00000000000000000000.log); without the entries API, the files.
 */
export async function droppedFiles(dt: Pick<DataTransfer, 'files'> & { items?: DataTransferItemList | null }): Promise<NamedFile[]> {
  const items = dt.items ? [...dt.items] : [];
  const entries = items.map((i) => (typeof i.webkitGetAsEntry === 'function' ? i.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((e) => e === null) || !entries.some((e) => e!.isDirectory)) {
    return [...dt.files].map((file) => ({ file, path: file.name }));
  }
  const out: NamedFile[] = [];
  const fileOf = (e: FileSystemFileEntry) => new Promise<File>((resolve, reject) => e.file(resolve, reject));
  const children = async (d: FileSystemDirectoryEntry) => {
    const reader = d.createReader();
    const all: FileSystemEntry[] = [];
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) return all;
      all.push(...batch);
    }
  };
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (out.length >= MAX_FOLDER_FILES) return;
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isFile) out.push({ file: await fileOf(e as FileSystemFileEntry), path });
    else if (e.isDirectory) for (const c of (await children(e as FileSystemDirectoryEntry)).sort((a, b) => (a.name < b.name ? -1 : 1))) await walk(c, path);
  };
  for (const e of entries) await walk(e!, '');
  return out;
}
