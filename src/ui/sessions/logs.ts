// The last word from the worker about the open saved cluster: its name, what a restore found of its logs,
// whether it is read-only here (open in another tab), and the notices about the learner's saved work.
import type { LogsCheck, Notice, WorkerRequest, WorkerResponse } from '../../worker/protocol';

/** A notice from the worker, or one the page makes itself (a long request cancelled). */
export type UiNotice = Notice | { kind: 'cancelled'; what: WorkerRequest['type'] };

export interface SessionNote {
  session?: { id: string; name: string };
  logs?: LogsCheck;
  readOnly?: boolean;
  /** shown until dismissed, newest last; each has a number for its key */
  notices: (UiNotice & { n: number })[];
}

let note: SessionNote = { notices: [] };
let counter = 0;
const listeners = new Set<() => void>();

function changed(next: SessionNote): void {
  note = next;
  for (const l of listeners) l();
}

/** Called by the client with every response. */
export function noteResponse(res: WorkerResponse): void {
  if (res.type !== 'state') return;
  if (!res.session && !res.logs && !res.notices && !res.readOnly && !note.readOnly) return;
  const fresh = (res.notices ?? []).map((x) => ({ ...x, n: ++counter }));
  changed({
    session: res.session ?? note.session,
    logs: res.logs ?? (res.session?.id === note.session?.id ? note.logs : undefined),
    readOnly: res.readOnly,
    // a copy made supersedes "open in another tab"
    notices: [...note.notices.filter((x) => !(x.kind === 'otherTab' && fresh.some((f) => f.kind === 'copied'))), ...fresh].slice(-4),
  });
}

export function pushNotice(x: UiNotice): void {
  changed({ ...note, notices: [...note.notices, { ...x, n: ++counter }].slice(-4) });
}

export function dismissNotice(n: number): void {
  changed({ ...note, notices: note.notices.filter((x) => x.n !== n) });
}

export function sessionNote(): SessionNote {
  return note;
}

export function onSessionNote(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
