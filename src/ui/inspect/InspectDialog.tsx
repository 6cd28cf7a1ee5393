// The "Inspect Kafka files" dialog: the learner drops or picks the files of a log directory (.log, .index,
// .timeindex, checkpoints, .kafka_cleanshutdown); each is read and decoded in a worker (decoder.ts), one at a
// time, with a cap on what a gzip batch may inflate to. A .log shows its record batches (records expandable), an index its entries; a bad file shows an error
// naming the file and the byte offset, translated by kind. Everything is rendered as React text.
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { INSPECT_LIMITS } from '../../storage/inspect';
import { createDecoder, type Decoder } from './decoder';
import { droppedFiles, type NamedFile } from './files';
import { errorText, type FileKind, type InspectedFile, mergeFiles, type ShownBatch, type ShownBytes, showTimestamp } from './model';
import { type InspectKey, type IT, useIT } from './strings';
import './inspect.css';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]):not([hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function Bytes({ b, t }: { b: ShownBytes | null; t: IT }) {
  if (b === null) return <span className="ix-null">{t('nullValue')}</span>;
  return (
    <span className={b.hex ? 'ix-hex' : 'ix-text'} title={b.hex ? t('hex') : undefined}>
      {b.hex ? `${t('hex')}: ` : ''}
      {b.text}
      {b.cut ? ` … (${t('bytes', { n: b.size })})` : ''}
    </span>
  );
}

function Records({ batch, t }: { batch: ShownBatch; t: IT }) {
  const shown = batch.records;
  return (
    <>
      <table className="ix-table ix-records" aria-label={t('recordsOf', { base: batch.header.baseOffset })}>
        <thead>
          <tr>
            <th>{t('colOffset')}</th>
            <th>{t('colTimestamp')}</th>
            <th>{t('colKey')}</th>
            <th>{t('colValue')}</th>
            <th>{t('colHeaders')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.offset} data-testid="inspect-record">
              <td>{r.offset}</td>
              <td>{showTimestamp(r.timestamp)}</td>
              <td>
                <Bytes b={r.key} t={t} />
              </td>
              <td>
                <Bytes b={r.value} t={t} />
              </td>
              <td>
                {r.headers.length === 0
                  ? t('noHeaders')
                  : r.headers.map((h, i) => (
                      <div key={i}>
                        {h.key}
                        {' = '}
                        <Bytes b={h.value} t={t} />
                      </div>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {batch.header.recordsCount > shown.length && (
        <p className="ix-more">{t('moreRecords', { shown: shown.length, more: batch.header.recordsCount - shown.length })}</p>
      )}
    </>
  );
}

const COLS = 11;

function LogView({ f, t }: { f: InspectedFile; t: IT }) {
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  const log = f.log!;
  const shown = log.batches;
  const toggle = (pos: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(pos)) n.delete(pos);
      else n.add(pos);
      return n;
    });
  const fb = log.failedBatch;
  return (
    <>
      <p className="ix-summary" data-testid="inspect-summary">
        {log.batchCount > 0
          ? t('logSummary', {
              batches: log.batchCount,
              records: log.recordCount,
              first: log.firstOffset,
              last: log.lastOffset,
              valid: log.validBytes,
              size: f.size,
            })
          : t('logSummaryEmpty', { valid: log.validBytes, size: f.size })}
      </p>
      {log.batchCount > shown.length && (
        <p className="ix-more" data-testid="inspect-more">
          {t(log.inflateBudgetReached ? 'moreInflated' : 'moreBatches', {
            shown: shown.length,
            more: log.batchCount - shown.length,
            mib: INSPECT_LIMITS.fileInflatedBytes / 1048576,
          })}
        </p>
      )}
      {(shown.length > 0 || fb) && (
        <div className="ix-scroll" tabIndex={0} role="region" aria-label={t('batches')}>
          <table className="ix-table ix-batches">
            <thead>
              <tr>
                <th>{t('colOffsets')}</th>
                <th>{t('colPosition')}</th>
                <th>{t('colSize')}</th>
                <th>{t('colEpoch')}</th>
                <th>{t('colCrc')}</th>
                <th>{t('colCodec')}</th>
                <th>{t('colTsType')}</th>
                <th>{t('colProducer')}</th>
                <th>{t('colFlags')}</th>
                <th>{t('colRecords')}</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {shown.map((b) => {
                const h = b.header;
                const isOpen = open.has(b.position);
                const marker = b.controlRecord
                  ? b.controlRecord.coordinatorEpoch !== null
                    ? t('markerEpoch', { type: b.controlRecord.type, epoch: b.controlRecord.coordinatorEpoch })
                    : b.controlRecord.type
                  : '';
                const flags = [b.transactional ? t('transactional') : '', b.control ? t('control') : '', marker].filter(Boolean).join(', ');
                return (
                  <BatchRows key={b.position} isOpen={isOpen} detail={<Records batch={b} t={t} />}>
                    <td>{h.baseOffset === b.lastOffset ? String(h.baseOffset) : `${h.baseOffset}–${b.lastOffset}`}</td>
                    <td>{b.position}</td>
                    <td>{b.sizeInBytes}</td>
                    <td>{h.partitionLeaderEpoch}</td>
                    <td className="ix-ok">{t('crcOk')}</td>
                    <td>{b.compression}</td>
                    <td>{b.timestampType}</td>
                    <td>{`${h.producerId} / ${h.producerEpoch} / ${h.baseSequence}`}</td>
                    <td>{flags}</td>
                    <td>{h.recordsCount}</td>
                    <td>
                      {h.recordsCount > 0 && (
                        <button
                          type="button"
                          aria-expanded={isOpen}
                          onClick={() => toggle(b.position)}
                          aria-label={`${isOpen ? t('hideRecords') : t('showRecords')} (${h.baseOffset})`}
                        >
                          {isOpen ? t('hideRecords') : t('showRecords')}
                        </button>
                      )}
                    </td>
                  </BatchRows>
                );
              })}
              {fb && log.batchCount === shown.length && (
                <tr className="ix-failed" data-testid="inspect-failed-batch">
                  <td>{`${fb.baseOffset}–${fb.baseOffset + fb.lastOffsetDelta}`}</td>
                  <td>{log.validBytes}</td>
                  <td>{12 + fb.batchLength}</td>
                  <td>{fb.partitionLeaderEpoch}</td>
                  <td className={f.failedCrcOk === false ? 'ix-bad' : f.failedCrcOk ? 'ix-ok' : ''}>
                    {f.failedCrcOk === null ? t('crcUnknown') : f.failedCrcOk ? t('crcOk') : t('crcBad')}
                  </td>
                  <td colSpan={4}>{t('failedRow')}</td>
                  <td>{fb.recordsCount}</td>
                  <td></td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function BatchRows({ isOpen, detail, children }: { isOpen: boolean; detail: ReactNode; children: ReactNode }) {
  return (
    <>
      <tr data-testid="inspect-batch">{children}</tr>
      {isOpen && (
        <tr className="ix-detail">
          <td colSpan={COLS}>{detail}</td>
        </tr>
      )}
    </>
  );
}

function IndexView({ f, t }: { f: InspectedFile; t: IT }) {
  const idx = f.index!;
  const shown = idx.entries;
  const base = idx.baseOffset ?? 0;
  const time = idx.kind === 'timeindex';
  return (
    <>
      <p className="ix-summary" data-testid="inspect-summary">
        {t('indexSummary', { n: idx.entryCount })}
      </p>
      {idx.entryCount > shown.length && (
        <p className="ix-more" data-testid="inspect-more">
          {t('moreEntries', { shown: shown.length, more: idx.entryCount - shown.length })}
        </p>
      )}
      {shown.length > 0 && (
        <div className="ix-scroll" tabIndex={0} role="region" aria-label={t('entries')}>
          <table className="ix-table ix-entries">
            <thead>
              <tr>
                {time && <th>{t('colTimestamp')}</th>}
                <th>{t('colRelOffset')}</th>
                <th>{t('colAbsOffset')}</th>
                {!time && <th>{t('colPosition')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((e, i) => (
                <tr key={i} data-testid="inspect-entry">
                  {time && <td>{showTimestamp(e.timestamp ?? -1)}</td>}
                  <td>{e.offset - base}</td>
                  <td>{e.offset}</td>
                  {!time && <td>{e.position}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function kindLabel(t: IT, f: InspectedFile): string {
  const k = f.kind;
  if (k === 'checkpoint') return f.checkpoint?.format === 'leaderEpochs' ? t('kindEpochCheckpoint') : t('kindOffsetCheckpoint');
  if (k === 'cleanShutdown') return t('kindCleanShutdown');
  return k === 'log'
    ? t('kindLog')
    : k === 'index'
      ? t('kindIndex')
      : k === 'timeindex'
        ? t('kindTimeindex')
        : k === 'txnindex'
          ? t('kindTxnindex')
          : t('kindUnknown');
}

const ABOUT: Record<string, InspectKey> = {
  'replication-offset-checkpoint': 'aboutReplication',
  'recovery-point-offset-checkpoint': 'aboutRecovery',
  'log-start-offset-checkpoint': 'aboutLogStart',
  'cleaner-offset-checkpoint': 'aboutCleaner',
  'leader-epoch-checkpoint': 'aboutEpochs',
  '.kafka_cleanshutdown': 'aboutCleanShutdown',
};

function aboutOf(name: string): InspectKey | undefined {
  return ABOUT[name.slice(name.lastIndexOf('/') + 1)];
}

function CheckpointView({ f, t }: { f: InspectedFile; t: IT }) {
  const ck = f.checkpoint!;
  const shown = ck.entries;
  const epochs = ck.format === 'leaderEpochs';
  return (
    <>
      {ck.version !== null && (
        <p className="ix-summary" data-testid="inspect-summary">
          {t('ckSummary', { version: ck.version, n: ck.expected ?? 0 })}
        </p>
      )}
      {ck.entryCount > shown.length && (
        <p className="ix-more" data-testid="inspect-more">
          {t('moreEntries', { shown: shown.length, more: ck.entryCount - shown.length })}
        </p>
      )}
      {shown.length === 0 && !f.error && <p className="ix-muted">{t('ckNoEntries')}</p>}
      {shown.length > 0 && (
        <div className="ix-scroll" tabIndex={0} role="region" aria-label={t('entries')}>
          <table className="ix-table ix-entries">
            <thead>
              <tr>
                {epochs ? (
                  <>
                    <th>{t('colEpoch')}</th>
                    <th>{t('colStartOffset')}</th>
                  </>
                ) : (
                  <>
                    <th>{t('colTopic')}</th>
                    <th>{t('colPartition')}</th>
                    <th>{t('colOffset')}</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {shown.map((e, i) => (
                <tr key={i} data-testid="inspect-entry">
                  {'epoch' in e ? (
                    <>
                      <td>{e.epoch}</td>
                      <td>{e.startOffset}</td>
                    </>
                  ) : (
                    <>
                      <td>{e.topic}</td>
                      <td>{e.partition}</td>
                      <td>{e.offset}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function TxnIndexView({ f, t }: { f: InspectedFile; t: IT }) {
  const idx = f.txnIndex!;
  return (
    <>
      <p className="ix-summary" data-testid="inspect-summary">
        {t('txnSummary', { n: idx.entryCount })}
      </p>
      {idx.entryCount > idx.entries.length && (
        <p className="ix-more" data-testid="inspect-more">
          {t('moreEntries', { shown: idx.entries.length, more: idx.entryCount - idx.entries.length })}
        </p>
      )}
      {idx.entries.length > 0 && (
        <div className="ix-scroll" tabIndex={0} role="region" aria-label={t('entries')}>
          <table className="ix-table ix-entries">
            <thead>
              <tr>
                <th>{t('colProducerId')}</th>
                <th>{t('colFirstOffset')}</th>
                <th>{t('colLastOffset')}</th>
                <th>{t('colLso')}</th>
              </tr>
            </thead>
            <tbody>
              {idx.entries.map((e, i) => (
                <tr key={i} data-testid="inspect-entry">
                  <td>{e.producerId}</td>
                  <td>{e.firstOffset}</td>
                  <td>{e.lastOffset}</td>
                  <td>{e.lastStableOffset}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function CleanShutdownView({ f, t }: { f: InspectedFile; t: IT }) {
  const c = f.cleanShutdown!;
  if (f.error) return null;
  return (
    <p className="ix-summary" data-testid="inspect-summary">
      {c.brokerEpoch === null ? t('cleanEmpty') : t('cleanEpoch', { epoch: c.brokerEpoch })}
    </p>
  );
}

function FileView({ f, t, onReadAs }: { f: InspectedFile; t: IT; onReadAs: (f: InspectedFile, as: FileKind) => void | Promise<void> }) {
  const headingId = useId();
  return (
    <section className="ix-file" aria-labelledby={headingId} data-testid="inspect-file">
      <h3 id={headingId}>
        {f.name}{' '}
        <span className="ix-muted">
          ({kindLabel(t, f)}, {t('bytes', { n: f.size })})
        </span>
      </h3>
      {aboutOf(f.name) && f.kind !== 'unknown' && (
        <p className="ix-muted" data-testid="inspect-about">
          {t(aboutOf(f.name)!)}
        </p>
      )}
      {(f.kind === 'log' || f.kind === 'index' || f.kind === 'timeindex' || f.kind === 'txnindex') &&
        (f.baseOffset !== null ? (
          <p className="ix-muted">{t('baseOffset', { n: f.baseOffset })}</p>
        ) : f.kind !== 'log' ? (
          <p className="ix-muted">{t('baseUnknown')}</p>
        ) : null)}
      {f.error && (
        <p className="ix-error" role="alert" data-testid="inspect-error" title={f.error.detail}>
          {errorText(t, f.error)}
        </p>
      )}
      {f.error?.kind === 'badName' && (
        <button type="button" onClick={() => void onReadAs(f, 'log')}>
          {t('readAsLog')}
        </button>
      )}
      {f.size === 0 && !f.error && f.kind !== 'cleanShutdown' && <p className="ix-muted">{t('emptyFile')}</p>}
      {f.log && <LogView f={f} t={t} />}
      {f.index && <IndexView f={f} t={t} />}
      {f.txnIndex && <TxnIndexView f={f} t={t} />}
      {f.checkpoint && <CheckpointView f={f} t={t} />}
      {f.cleanShutdown && <CleanShutdownView f={f} t={t} />}
    </section>
  );
}

export function InspectDialog({ onClose }: { onClose: () => void }) {
  const t = useIT();
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  // the picked files whose name Kafka does not use, kept to read them as a .log on request
  const raw = useRef(new Map<number, Blob>());
  const decoder = useRef<Decoder | null>(null);
  // bumped by Stop and on close: a reading loop of an older generation drops what it gets
  const generation = useRef(0);
  const [files, setFiles] = useState<InspectedFile[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  // kept as a key, so it follows a language change
  const [status, setStatus] = useState<{ key: InspectKey; n: number; i?: number; bad?: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    // a file dropped beside the drop zone must not make the browser navigate away to it
    const stop = (e: DragEvent) => {
      e.preventDefault();
    };
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
      generation.current += 1;
      decoder.current?.close();
      decoder.current = null;
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);

  const decode = (file: Blob, path: string, as?: FileKind) => (decoder.current ??= createDecoder()).decode(file, path, as);

  const add = async (list: FileList | File[] | NamedFile[] | null | undefined) => {
    const picked: NamedFile[] = list ? [...list].map((f) => (f instanceof File ? { file: f, path: f.name } : f)) : [];
    if (picked.length === 0) return;
    const gen = ++generation.current;
    setBusy(true);
    const added: InspectedFile[] = [];
    for (const [i, { file, path }] of picked.entries()) {
      setStatus({ key: 'reading', n: picked.length, i: i + 1 });
      const r = await decode(file, path);
      if (gen !== generation.current) break; // stopped, closed, or a newer drop took over
      if (r.kind === 'unknown') raw.current.set(r.id, file);
      added.push(r);
    }
    if (input.current) input.current.value = '';
    if (added.length > 0) {
      setFiles((old) => mergeFiles(old, added));
      setSelected(added[0].id);
    }
    if (gen !== generation.current) return;
    setBusy(false);
    setStatus({ key: 'readDone', n: added.length, bad: added.filter((f) => f.error).length });
  };

  const stopReading = () => {
    generation.current += 1;
    decoder.current?.close();
    decoder.current = null;
    setBusy(false);
    setStatus({ key: 'stopped', n: 0 });
  };

  const readAs = async (f: InspectedFile, as: FileKind) => {
    const file = raw.current.get(f.id);
    if (!file) return;
    const r = await decode(file, f.name, as);
    raw.current.delete(f.id);
    setFiles((old) =>
      mergeFiles(
        old.filter((x) => x.id !== f.id),
        [r],
      ),
    );
    setSelected(r.id);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    e.stopPropagation(); // the timeline's shortcuts listen on window
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !box.current) return;
    const all = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (all.length === 0) return;
    const first = all[0],
      last = all[all.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const current = files.find((f) => f.id === selected) ?? files[0];
  return (
    <div
      className="ix-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div ref={box} className="ix-dialog" role="dialog" aria-modal="true" aria-labelledby={headingId} onKeyDown={onKeyDown} data-testid="inspect-dialog">
        <div className="ix-head">
          <h2 id={headingId}>{t('heading')}</h2>
          <button type="button" className="ix-close" onClick={onClose} aria-label={t('close')} title={t('close')}>
            ×
          </button>
        </div>
        <div
          className={`ix-body${dragging ? ' ix-dragging' : ''}`}
          data-testid="inspect-drop"
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
            setDragging(true);
          }}
          onDragLeave={(e) => {
            if (e.currentTarget === e.target) setDragging(false);
          }}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const dt = e.dataTransfer;
            const files = [...dt.files]; // taken during the event, as are the folder entries
            void droppedFiles(dt).then(add, () => add(files));
          }}
        >
          <p className="ix-intro">{t('intro')}</p>
          <div className="ix-pick">
            <button type="button" data-autofocus onClick={() => input.current?.click()}>
              {t('choose')}
            </button>
            <span className="ix-muted">{t('dropHere')}</span>
            {busy && (
              <button type="button" onClick={stopReading} data-testid="inspect-stop">
                {t('stop')}
              </button>
            )}
            {files.length > 0 && !busy && (
              <button
                type="button"
                onClick={() => {
                  setFiles([]);
                  setSelected(null);
                  raw.current.clear();
                  setStatus(null);
                }}
              >
                {t('clear')}
              </button>
            )}
            <input ref={input} type="file" multiple hidden data-testid="inspect-input" aria-label={t('choose')} onChange={(e) => void add(e.target.files)} />
          </div>
          <p className="ix-status" role="status" data-testid="inspect-status">
            {status ? t(status.key, status) : ''}
          </p>
          {files.length > 0 && (
            <div className="ix-files" role="group" aria-label={t('files')}>
              {files.map((f) => (
                <button
                  key={f.id}
                  type="button"
                  aria-pressed={f.id === current?.id}
                  className={f.error ? 'ix-chip ix-chip-bad' : 'ix-chip'}
                  onClick={() => setSelected(f.id)}
                >
                  {f.name}
                </button>
              ))}
            </div>
          )}
          {current && <FileView key={current.id} f={current} t={t} onReadAs={readAs} />}
        </div>
      </div>
    </div>
  );
}

export default InspectDialog;
