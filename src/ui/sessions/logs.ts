// The last word from the worker about the open saved cluster: its name and what a restore found of its logs.
import type { LogsCheck, WorkerResponse } from '../../worker/protocol';

export interface SessionNote { session?: { id: string; name: string }; logs?: LogsCheck }

let note: SessionNote = {};
const listeners = new Set<() => void>();

/** Called by the client with every response. */
export function noteResponse(res: WorkerResponse): void {
  if (res.type !== 'state' || (!res.session && !res.logs)) return;
  note = { session: res.session ?? note.session, logs: res.logs ?? (res.session?.id === note.session?.id ? note.logs : undefined) };
  for (const l of listeners) l();
}

export function sessionNote(): SessionNote { return note; }

export function onSessionNote(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
