// The header's "Saved clusters" button and dialog: the clusters saved in IndexedDB with names and dates;
// switch to one (its command log replays and its logs are checked against IndexedDB), rename, delete with
// confirmation. Keyboard: Tab moves, Enter/Space act, Escape closes (or cancels a rename or a delete).
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { SessionInfo, SessionsResult } from '../../worker/protocol';
import { getClient } from '../client';
import { useStore } from '../store';
import { onSessionNote, sessionNote } from './logs';
import { AsideActions, asideReason } from './Notices';
import { useSessionsT } from './strings';

const useST = useSessionsT;

export function SessionsButton() {
  const t = useST();
  const [open, setOpen] = useState(false);
  const btn = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={btn} type="button" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="open-sessions">
        {t('sessionsButton')}
      </button>
      {open && (
        <SessionsDialog
          onClose={() => {
            setOpen(false);
            btn.current?.focus();
          }}
        />
      )}
    </>
  );
}

export function SessionsDialog({ onClose }: { onClose: () => void }) {
  const t = useST();
  const lang = useStore((s) => s.prefs.lang);
  const note = useSyncExternalStore(onSessionNote, sessionNote);
  const [list, setList] = useState<SessionsResult | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  const ask = useCallback(async (req: Parameters<NonNullable<ReturnType<typeof getClient>>['request']>[0]) => {
    const c = getClient();
    if (!c) return;
    setBusy(true);
    const res = await c.request(req);
    setBusy(false);
    if (res.type === 'sessions') setList(res);
    else if (res.type === 'state') {
      const r = await c.request({ type: 'sessions' });
      if (r.type === 'sessions') setList(r);
    }
  }, []);

  useEffect(() => {
    void ask({ type: 'sessions' });
  }, [ask]);
  const loaded = list !== null;
  useEffect(() => {
    root.current?.querySelector<HTMLElement>('button, input')?.focus();
  }, [loaded]);

  // Escape anywhere (focus may have left with a deleted row): cancel a rename or a delete, else close
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (renaming) setRenaming(null);
      else if (deleting) setDeleting(null);
      else onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [renaming, deleting, onClose]);
  const fmt = (ms: number) => new Date(ms).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
  const current = list?.current ?? note.session?.id ?? null;
  // a kept future shows, until renamed, as "Other future of …" in the page's language
  const nameOf = (s: SessionInfo) =>
    s.branchOf && s.name === `${s.branchOf.name} · other future` ? t('branchOf', { name: s.branchOf.name, step: s.branchOf.step + 1 }) : s.name;

  return (
    <div ref={root} className="popover sessions" role="dialog" aria-modal="false" aria-label={t('sessionsTitle')} data-testid="sessions-dialog">
      <h2>{t('sessionsTitle')}</h2>
      {note.logs && (
        <p role="status" data-testid="sessions-logs" data-matched={String(note.logs.matched)}>
          {t(note.logs.matched ? 'sessionsLogsOk' : 'sessionsLogsBad', { files: note.logs.files, bytes: note.logs.bytes })}
        </p>
      )}
      {list && !list.sessions.length && <p>{t('sessionsEmpty')}</p>}
      {list && list.sessions.length > 0 && (
        <ul aria-busy={busy} data-testid="sessions-list">
          {list.sessions.map((s: SessionInfo) => (
            <li key={s.id} data-testid="session" data-id={s.id} data-current={String(s.id === current)}>
              {renaming === s.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    setRenaming(null);
                    void ask({ type: 'renameSession', session: s.id, name: draft });
                  }}
                >
                  <label>
                    {t('sessionsRenameLabel', { name: s.name })}{' '}
                    <input value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={80} data-testid="session-name-input" />
                  </label>
                  <button type="submit" disabled={!draft.trim()}>
                    {t('sessionsSave')}
                  </button>
                  <button type="button" onClick={() => setRenaming(null)}>
                    {t('sessionsCancel')}
                  </button>
                </form>
              ) : deleting === s.id ? (
                <span role="alert">
                  {t('sessionsDeleteConfirm', { name: s.name })}{' '}
                  <button
                    type="button"
                    onClick={() => {
                      setDeleting(null);
                      root.current?.querySelector<HTMLElement>('[data-testid="sessions-close"]')?.focus();
                      void ask({ type: 'deleteSession', session: s.id });
                    }}
                    data-testid="session-delete-yes"
                  >
                    {t('sessionsDeleteYes')}
                  </button>
                  <button type="button" onClick={() => setDeleting(null)}>
                    {t('sessionsCancel')}
                  </button>
                </span>
              ) : (
                <>
                  <strong data-testid="session-name">{nameOf(s)}</strong>
                  {s.id === current && (
                    <em>
                      {' '}
                      ({t('sessionsOpen')}
                      {note.readOnly ? `, ${t('readOnlyBadge')}` : ''})
                    </em>
                  )}{' '}
                  <small>
                    {t('sessionsSaved', { date: fmt(s.savedAt) })} · {t('sessionsSteps', { n: s.steps })}
                  </small>{' '}
                  <button
                    type="button"
                    disabled={busy || s.id === current}
                    onClick={() => void ask({ type: 'switchSession', session: s.id })}
                    data-testid="session-switch"
                  >
                    {t('sessionsSwitch')}
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      setDraft(s.name);
                      setRenaming(s.id);
                    }}
                    data-testid="session-rename"
                  >
                    {t('sessionsRename')}
                  </button>
                  <button type="button" disabled={busy || s.id === current} onClick={() => setDeleting(s.id)} data-testid="session-delete">
                    {t('sessionsDelete')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {list?.aside && list.aside.length > 0 && (
        <>
          <h3>{t('asideTitle')}</h3>
          <ul className="aside-list" data-testid="aside-list">
            {list.aside.map((a) => (
              <li key={a.id} data-testid="aside" data-id={a.id}>
                <strong>{a.name}</strong>: {asideReason(a, t, lang)} <AsideActions record={a} onDeleted={() => void ask({ type: 'sessions' })} />
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={onClose} data-testid="sessions-close">
        {t('sessionsClose')}
      </button>
    </div>
  );
}
