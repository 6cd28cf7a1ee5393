// @vitest-environment jsdom
// The "Inspect Kafka files" dialog on real bytes: segment files written by the engine's brokers and the
// kafkajs-made record batches in test/storage/vectors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { encodeRecordBatch } from '../../src/storage/format/recordBatch';
import { encodeEndTxnMarkerBatch } from '../../src/storage/format/controlRecord';
import { encodeTransactionIndex } from '../../src/storage/format/transactionIndex';
import { inspectOffsetIndex, inspectTimeIndex, inspectLog } from '../../src/storage/inspect';
import { InspectButton } from '../../src/ui/inspect/InspectButton';
import { InspectDialog } from '../../src/ui/inspect/InspectDialog';
import { classify, inspectBytes, showBytes } from '../../src/ui/inspect/model';
import { inspectStrings } from '../../src/ui/inspect/strings';
import { useStore } from '../../src/ui/store';

const NAME = '00000000000000000000';
let log: Uint8Array, index: Uint8Array, timeindex: Uint8Array;
const vector = (f: string) => new Uint8Array(readFileSync(join(__dirname, '../storage/vectors', f)));

beforeAll(() => {
  const v = validateScenario({
    version: 1,
    id: 'inspect',
    brokers: 1,
    steps: [
      { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1, config: { 'index.interval.bytes': 100 } },
      ...Array.from({ length: 6 }, () => ({ do: 'produce', topic: 't', count: 3, key: 'key-{n}', value: 'value-{n}', idempotent: true })),
    ],
  });
  if (!v.ok) throw new Error(v.problem.message);
  const run = new ScenarioRun(v.scenario);
  run.runToEnd();
  const disk = run.cluster.brokers.get(1)!.disk;
  log = disk.read(`t-0/${NAME}.log`);
  index = disk.read(`t-0/${NAME}.index`);
  timeindex = disk.read(`t-0/${NAME}.timeindex`);
});

beforeEach(() => useStore.getState().setPrefs({ lang: 'en' }));
afterEach(cleanup);

const file = (bytes: Uint8Array, name: string) => new File([bytes.slice()], name);

async function pick(...files: File[]) {
  const input = screen.getByTestId('inspect-input') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
  await waitFor(() => expect(screen.getByTestId('inspect-status').textContent).toMatch(/file\(s\) read|已读取/));
}

/** Shows the file with this name (its chip) and returns its section. */
function show(name: string, nth = 0): HTMLElement {
  fireEvent.click(screen.getAllByRole('button', { name }).filter((b) => b.classList.contains('ix-chip'))[nth]);
  return screen.getByTestId('inspect-file');
}

const rows = (el: HTMLElement, id: string) =>
  within(el)
    .queryAllByTestId(id)
    .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));

describe('inspect dialog: engine-written segment files', () => {
  it('lists the record batches of a .log with their header fields', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(log, `${NAME}.log`));
    const sec = screen.getByTestId('inspect-file');
    const want = inspectLog(`${NAME}.log`, log);
    expect(want.batches).toHaveLength(6);
    const got = rows(sec, 'inspect-batch');
    expect(got).toHaveLength(6);
    got.forEach((r, i) => {
      const b = want.batches[i];
      expect(r.slice(0, 10)).toEqual([
        `${b.header.baseOffset}–${b.lastOffset}`,
        String(b.position),
        String(b.sizeInBytes),
        String(b.header.partitionLeaderEpoch),
        'valid',
        'none',
        'CreateTime',
        `${b.header.producerId} / ${b.header.producerEpoch} / ${b.header.baseSequence}`,
        '',
        '3',
      ]);
    });
    expect(got.map((r) => r[0])).toEqual(['0–2', '3–5', '6–8', '9–11', '12–14', '15–17']);
    expect(got.map((r) => r[1])).toEqual(['0', '118', '236', '354', '472', '590']);
    expect(within(sec).getByTestId('inspect-summary').textContent).toBe(
      `6 batch(es), 18 record(s), offsets 0–17, ${log.length} of ${log.length} bytes decoded`,
    );
    expect(within(sec).queryByTestId('inspect-error')).toBeNull();
    expect(within(sec).getByText('Base offset (from the file name): 0')).toBeTruthy();
  });

  it('expands a batch to show its records (offset, timestamp, key, value, headers)', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(log, `${NAME}.log`));
    const sec = screen.getByTestId('inspect-file');
    expect(within(sec).queryAllByTestId('inspect-record')).toHaveLength(0);
    const btn = within(sec).getByRole('button', { name: 'Show records (3)' });
    expect(btn.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(btn);
    expect(btn.getAttribute('aria-expanded')).toBe('true');
    const recs = rows(sec, 'inspect-record');
    const b = inspectLog(`${NAME}.log`, log).batches[1];
    expect(recs.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['3', 'key-0', 'value-0', '—'],
      ['4', 'key-1', 'value-1', '—'],
      ['5', 'key-2', 'value-2', '—'],
    ]);
    expect(recs[0][1]).toMatch(new RegExp(`^${b.records[0].timestamp} \\(1970-01-01 `));
    fireEvent.click(btn);
    expect(within(sec).queryAllByTestId('inspect-record')).toHaveLength(0);
  });

  it('shows .index entries (relative → absolute offset, position) and .timeindex entries', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(index, `${NAME}.index`), file(timeindex, `${NAME}.timeindex`), file(log, `${NAME}.log`));
    // sorted by name: the segment's three files sit together
    expect(
      screen
        .getAllByRole('button')
        .filter((b) => b.classList.contains('ix-chip'))
        .map((b) => b.textContent),
    ).toEqual([`${NAME}.index`, `${NAME}.log`, `${NAME}.timeindex`]);
    const idx = inspectOffsetIndex(`${NAME}.index`, index).entries;
    expect(idx.length).toBeGreaterThan(2);
    let sec = show(`${NAME}.index`);
    expect(rows(sec, 'inspect-entry')).toEqual(idx.map((e) => [String(e.offset), String(e.offset), String(e.position)]));
    expect(rows(sec, 'inspect-entry')[0]).toEqual(['5', '5', '118']);
    const ti = inspectTimeIndex(`${NAME}.timeindex`, timeindex).entries;
    sec = show(`${NAME}.timeindex`);
    const got = rows(sec, 'inspect-entry');
    expect(got.map((r) => [r[0]!.split(' ')[0], r[2]])).toEqual(ti.map((e) => [String(e.timestamp), String(e.offset)]));
  });

  it('a non-zero base offset from the file name makes index offsets absolute', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(index, '00000000000000001000.index'));
    const sec = screen.getByTestId('inspect-file');
    expect(rows(sec, 'inspect-entry')[0]).toEqual(['5', '1005', '118']);
    expect(within(sec).getByText('Base offset (from the file name): 1000')).toBeTruthy();
  });

  it('accepts files dropped on the dialog', async () => {
    render(<InspectDialog onClose={() => {}} />);
    fireEvent.drop(screen.getByTestId('inspect-drop'), { dataTransfer: { files: [file(log, `${NAME}.log`)] } });
    await waitFor(() => expect(screen.getAllByTestId('inspect-batch')).toHaveLength(6));
  });
});

describe('inspect dialog: a dropped folder', () => {
  // the entries API (webkitGetAsEntry) as a browser gives it for a dropped folder; jsdom has none
  const fileEntry = (name: string, bytes: Uint8Array) => ({ isFile: true, isDirectory: false, name, file: (ok: (f: File) => void) => ok(file(bytes, name)) });
  const dirEntry = (name: string, kids: object[]) => {
    let done = false;
    return {
      isFile: false,
      isDirectory: true,
      name,
      createReader: () => ({
        readEntries: (ok: (e: object[]) => void) => {
          ok(done ? [] : kids);
          done = true;
        },
      }),
    };
  };

  it('walks the folder: files keep their paths, so two brokers’ segments are told apart', async () => {
    const tree = dirEntry('out', [
      dirEntry('broker-2', [
        dirEntry('t-0', [fileEntry(`${NAME}.log`, log.slice(0, 300)), fileEntry('leader-epoch-checkpoint', new TextEncoder().encode('0\n1\n0 0\n'))]),
      ]),
      dirEntry('broker-1', [dirEntry('t-0', [fileEntry(`${NAME}.index`, index), fileEntry(`${NAME}.log`, log)])]),
    ]);
    render(<InspectDialog onClose={() => {}} />);
    fireEvent.drop(screen.getByTestId('inspect-drop'), { dataTransfer: { files: [], items: [{ kind: 'file', webkitGetAsEntry: () => tree }] } });
    // the leader-epoch-checkpoint beside the segments is read too (it used to be refused as "not a segment file")
    await waitFor(() => expect(screen.getByTestId('inspect-status').textContent).toBe('4 file(s) read, 1 with errors'));
    expect(
      screen
        .getAllByRole('button')
        .filter((b) => b.classList.contains('ix-chip'))
        .map((b) => b.textContent),
    ).toEqual([`out/broker-1/t-0/${NAME}.index`, `out/broker-1/t-0/${NAME}.log`, `out/broker-2/t-0/${NAME}.log`, 'out/broker-2/t-0/leader-epoch-checkpoint']);
    let sec = show(`out/broker-1/t-0/${NAME}.log`);
    expect(rows(sec, 'inspect-batch')).toHaveLength(6);
    sec = show(`out/broker-2/t-0/${NAME}.log`);
    expect(within(sec).getByTestId('inspect-error').textContent).toMatch(new RegExp(`^out/broker-2/t-0/${NAME}\\.log at byte 244: the file is truncated`));
    sec = show(`out/broker-1/t-0/${NAME}.index`);
    expect(rows(sec, 'inspect-entry')[0]).toEqual(['5', '5', '118']);
    sec = show('out/broker-2/t-0/leader-epoch-checkpoint');
    expect(within(sec).queryByTestId('inspect-error')).toBeNull();
    expect(rows(sec, 'inspect-entry')).toEqual([['0', '0']]);
  });
});

describe('inspect dialog: kafkajs-made batches', () => {
  it('shows headers, producer fields and a non-zero base offset', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(vector('three-with-headers.bin'), '00000000000000368769.log'));
    const sec = screen.getByTestId('inspect-file');
    const [b] = rows(sec, 'inspect-batch');
    expect(b[0]).toMatch(/^368769/);
    expect(b[3]).toBe('7');
    expect(b[7]).toBe('4242 / 3 / 17');
    fireEvent.click(within(sec).getByRole('button', { name: /^Show records/ }));
    const recs = within(sec).getAllByTestId('inspect-record');
    expect(recs[0].querySelectorAll('td')[0].textContent).toBe('368769');
    expect(recs.map((r) => r.querySelectorAll('td')[4].textContent)).toEqual(['trace = abc', '—', 'a = 1b = ']);
  });

  it('decodes a gzip batch and shows the codec', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(vector('gzip-five.bin'), `${NAME}.log`));
    const sec = screen.getByTestId('inspect-file');
    const [b] = rows(sec, 'inspect-batch');
    expect(b[5]).toBe('gzip');
    expect(b[9]).toBe('5');
  });

  it('a badly named file is refused, then can be read as a .log', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(vector('kv-single.bin'), 'kv-single.bin'));
    expect(screen.getByTestId('inspect-error').textContent).toBe(
      'kv-single.bin at byte 0: “kv-single.bin” is not a file Inspect decodes: expected <20-digit base offset>.log, .index, .timeindex or .txnindex, a checkpoint file or .kafka_cleanshutdown',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Read it as a .log anyway' }));
    await waitFor(() => expect(screen.queryByTestId('inspect-error')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: /^Show records/ }));
    expect(rows(screen.getByTestId('inspect-file'), 'inspect-record')[0].slice(2, 4)).toEqual(['k', 'v']);
  });
});

describe('inspect dialog: bad files', () => {
  it('a flipped byte: CRC error naming the file and the byte offset; the good batches before it are shown', async () => {
    const bad = log.slice();
    bad[236 + 80] ^= 0xff; // inside the third batch's records
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(bad, `${NAME}.log`));
    const sec = screen.getByTestId('inspect-file');
    expect(within(sec).getByTestId('inspect-error').textContent).toMatch(
      new RegExp(`^${NAME}\\.log at byte ${236 + 17}: CRC-32C mismatch: stored \\d+, computed \\d+ — the batch is corrupt$`),
    );
    expect(rows(sec, 'inspect-batch')).toHaveLength(2);
    const failed = within(sec).getByTestId('inspect-failed-batch');
    expect([...failed.querySelectorAll('td')].map((td) => td.textContent).slice(0, 5)).toEqual(['6–8', '236', '118', '0', 'INVALID']);
    expect(screen.getByTestId('inspect-status').textContent).toBe('1 file(s) read, 1 with errors');
  });

  it('a truncated .log and a truncated .index', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(log.slice(0, 300), `${NAME}.log`), file(index.slice(0, 13), `${NAME}.index`));
    let sec = show(`${NAME}.log`);
    expect(within(sec).getByTestId('inspect-error').textContent).toMatch(
      new RegExp(`^${NAME}\\.log at byte 244: the file is truncated: batchLength \\d+ runs past the end`),
    );
    expect(rows(sec, 'inspect-batch')).toHaveLength(2);
    sec = show(`${NAME}.index`);
    expect(within(sec).getByTestId('inspect-error').textContent).toBe(
      `${NAME}.index at byte 8: 5 trailing bytes, not a whole 8-byte entry (the file is truncated)`,
    );
    expect(rows(sec, 'inspect-entry')).toHaveLength(1);
    // a language change after reading translates what is shown, the status line included
    act(() => useStore.getState().setPrefs({ lang: 'zh' }));
    expect(screen.getByTestId('inspect-status').textContent).toBe('已读取 2 个文件，其中 2 个有错误');
    expect(within(sec).getByTestId('inspect-error').textContent).toMatch(/^00000000000000000000\.index 第 8 字节：/);
  });

  it('garbage: a bad magic byte', async () => {
    const junk = new TextEncoder().encode('this is not a kafka log segment, just some text that is long enough to have a header');
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(junk, `${NAME}.log`));
    expect(screen.getByTestId('inspect-error').textContent).toMatch(new RegExp(`^${NAME}\\.log at byte (8|16): `));
  });

  it('an index that goes backwards', async () => {
    const bad = index.slice();
    bad.set([0, 0, 0, 1], 8); // second entry: relative offset 1 < 5
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(bad, `${NAME}.index`));
    expect(screen.getByTestId('inspect-error').textContent).toMatch(new RegExp(`^${NAME}\\.index at byte 8: out of order: entry 1`));
  });
});

describe('inspect dialog: Chinese', () => {
  it('shows the dialog, the tables and the errors in Chinese', async () => {
    useStore.getState().setPrefs({ lang: 'zh' });
    const bad = log.slice();
    bad[236 + 80] ^= 0xff;
    render(<InspectDialog onClose={() => {}} />);
    expect(screen.getByRole('dialog', { name: '查看 Kafka 文件' })).toBeTruthy();
    await pick(file(bad, `${NAME}.log`), file(index.slice(0, 13), `${NAME}.index`));
    expect(screen.getByTestId('inspect-status').textContent).toBe('已读取 2 个文件，其中 2 个有错误');
    let sec = show(`${NAME}.log`);
    expect(within(sec).getByTestId('inspect-error').textContent).toMatch(
      new RegExp(`^${NAME}\\.log 第 253 字节：CRC-32C 校验失败：存储值 \\d+，计算值 \\d+——该批次已损坏$`),
    );
    expect(within(sec).getByRole('columnheader', { name: 'Leader 纪元' })).toBeTruthy();
    expect(within(sec).getByTestId('inspect-failed-batch').textContent).toContain('错误');
    sec = show(`${NAME}.index`);
    expect(within(sec).getByTestId('inspect-error').textContent).toBe(`${NAME}.index 第 8 字节：末尾多出 5 字节，不足一个 8 字节的条目（文件被截断）`);
  });

  it('the two tables have the same keys, and every error kind has a message', () => {
    expect(Object.keys(inspectStrings.zh).sort()).toEqual(Object.keys(inspectStrings.en).sort());
    for (const k of [
      'badName',
      'unreadable',
      'truncated',
      'trailing',
      'crc',
      'magic',
      'length',
      'codec',
      'gzip',
      'order',
      'record',
      'other',
      'txnVersion',
      'txnEntry',
      'control',
      'ckNotText',
      'ckVersion',
      'ckMalformed',
      'ckCount',
      'ckCleanShutdown',
    ])
      for (const lang of ['en', 'zh'] as const) expect(inspectStrings[lang][`err_${k}` as keyof typeof inspectStrings.en]).toBeTruthy();
  });
});

describe('inspect dialog: checkpoint files and the clean-shutdown marker', () => {
  const text = (s: string, name: string) => file(new TextEncoder().encode(s), name);

  it('shows each file as a table, says what it is for, and names the line of a bad one', async () => {
    render(<InspectDialog onClose={() => {}} />);
    await pick(
      text('0\n2\norders 0 5\norders 1 3\n', 'replication-offset-checkpoint'),
      text('0\n2\n0 0\n1 7\n', 'leader-epoch-checkpoint'),
      text('', '.kafka_cleanshutdown'),
      text('0\n1\norders 0\n', 'recovery-point-offset-checkpoint'),
    );
    expect(screen.getByTestId('inspect-status').textContent).toBe('4 file(s) read, 1 with errors');
    let sec = show('replication-offset-checkpoint');
    expect(within(sec).getByRole('heading').textContent).toContain('offset checkpoint');
    expect(within(sec).getByTestId('inspect-about').textContent).toMatch(/high watermark of each partition/);
    expect(within(sec).getByTestId('inspect-summary').textContent).toBe('Version 0, 2 entries');
    expect(rows(sec, 'inspect-entry')).toEqual([
      ['orders', '0', '5'],
      ['orders', '1', '3'],
    ]);
    sec = show('leader-epoch-checkpoint');
    expect(
      within(sec)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Leader epoch', 'Start offset']);
    expect(rows(sec, 'inspect-entry')).toEqual([
      ['0', '0'],
      ['1', '7'],
    ]);
    sec = show('.kafka_cleanshutdown');
    expect(within(sec).getByTestId('inspect-summary').textContent).toMatch(/^Empty: the marker older Kafka writes/);
    sec = show('recovery-point-offset-checkpoint');
    expect(within(sec).getByTestId('inspect-error').textContent).toBe(
      'recovery-point-offset-checkpoint line 3: malformed line “orders 0”: expected <topic> <partition> <offset>',
    );
  });

  it('in Chinese', async () => {
    useStore.getState().setPrefs({ lang: 'zh' });
    render(<InspectDialog onClose={() => {}} />);
    await pick(text('1\n0\n', 'leader-epoch-checkpoint'), text('{"version":"0","broker_epoch":"12"}', '.kafka_cleanshutdown'));
    let sec = show('leader-epoch-checkpoint');
    expect(within(sec).getByRole('heading').textContent).toContain('leader 纪元检查点');
    expect(within(sec).getByTestId('inspect-error').textContent).toBe('leader-epoch-checkpoint 第 1 行：无法识别的版本 1，应为 0（Kafka 会拒绝读取该文件）');
    sec = show('.kafka_cleanshutdown');
    expect(within(sec).getByTestId('inspect-summary').textContent).toBe('正常关闭时的 Broker 纪元为 12（新版 Kafka 会记录，KIP-966）。');
  });
});

describe('inspect dialog: transactions', () => {
  it('a .txnindex lists the aborted transactions; a control batch shows its marker', async () => {
    const data = encodeRecordBatch({
      baseOffset: 0,
      transactional: true,
      producerId: 7,
      producerEpoch: 0,
      baseSequence: 0,
      records: [{ key: null, value: new TextEncoder().encode('in a txn'), timestamp: 1 }],
    });
    const marker = encodeEndTxnMarkerBatch({ baseOffset: 1, type: 'ABORT', producerId: 7, producerEpoch: 0, coordinatorEpoch: 3, timestamp: 2 });
    const both = new Uint8Array(data.length + marker.length);
    both.set(data, 0);
    both.set(marker, data.length);
    render(<InspectDialog onClose={() => {}} />);
    await pick(
      file(both, `${NAME}.log`),
      file(encodeTransactionIndex([{ producerId: 7, firstOffset: 0, lastOffset: 1, lastStableOffset: 0 }]), `${NAME}.txnindex`),
    );
    expect(screen.getByTestId('inspect-status').textContent).toBe('2 file(s) read, 0 with errors');
    let sec = show(`${NAME}.log`);
    expect(rows(sec, 'inspect-batch').map((r) => r[8])).toEqual(['transactional', 'transactional, control, ABORT marker (coordinator epoch 3)']);
    sec = show(`${NAME}.txnindex`);
    expect(within(sec).getByRole('heading').textContent).toContain('transaction index');
    expect(rows(sec, 'inspect-entry')).toEqual([['7', '0', '1', '0']]);
  });
});

describe('inspect dialog: large files, keyboard', () => {
  it('shows the first 500 batches and says how many more', async () => {
    const parts = Array.from({ length: 512 }, (_, i) =>
      encodeRecordBatch({ baseOffset: i, partitionLeaderEpoch: 0, records: [{ key: null, value: new TextEncoder().encode(`v${i}`), timestamp: 1000 + i }] }),
    );
    const big = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((pos, p) => {
      big.set(p, pos);
      return pos + p.length;
    }, 0);
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(big, `${NAME}.log`));
    expect(screen.getAllByTestId('inspect-batch')).toHaveLength(500);
    expect(screen.getByTestId('inspect-more').textContent).toBe('Showing the first 500 batches; 12 more are not shown.');
    expect(screen.getByTestId('inspect-summary').textContent).toMatch(/^512 batch\(es\), 512 record\(s\), offsets 0–511/);
  });

  it('opens from the header button, focuses inside, Escape closes and focus returns', async () => {
    render(<InspectButton />);
    const opener = screen.getByRole('button', { name: 'Inspect files' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Inspect Kafka files' });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement!.textContent).toBe('Choose files…');
    // Shift+Tab from the first control (Close) wraps to the last
    const close = within(dialog).getByRole('button', { name: 'Close' });
    close.focus();
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(document.activeElement!.textContent).toBe('Choose files…');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('inspect model', () => {
  it('shows printable bytes as text, others as hex', () => {
    expect(showBytes(new TextEncoder().encode('héllo'))).toEqual({ text: 'héllo', hex: false, cut: false });
    expect(showBytes(new Uint8Array([0, 1, 255]))).toEqual({ text: '00 01 ff', hex: true, cut: false });
    expect(showBytes(new Uint8Array(300)).cut).toBe(true);
  });

  it('classifies decoder messages', () => {
    expect(classify('a.log', 17, 'a.log at byte 17: CRC-32C mismatch: stored 1, computed 2 (batch at byte 0)').kind).toBe('crc');
    expect(classify('a.log', 21, 'a.log at byte 21: compression codec snappy is not supported by the simulator (batch at byte 0)').params).toEqual({
      codec: 'snappy',
    });
    expect(inspectBytes('x.txt', new Uint8Array(3)).error!.kind).toBe('badName');
    expect(inspectBytes(`${NAME}.log`, new Uint8Array(0)).error).toBeNull();
  });
});

describe('inspect dialog: an exported transactional log', () => {
  it('shows the markers of the transactions lesson as control batches and its aborted transactions in the .txnindex', async () => {
    const v = validateScenario(JSON.parse(readFileSync(join(__dirname, '../../public/lessons/transactions.json'), 'utf8')));
    if (!v.ok) throw new Error(v.problem.message);
    const run = new ScenarioRun(v.scenario);
    run.runToEnd();
    // the files a replica of transfers-0 has on disk, as npm run export writes them
    const disk = run.cluster.brokers.get(2)!.disk;
    render(<InspectDialog onClose={() => {}} />);
    await pick(file(disk.read(`transfers-0/${NAME}.log`), `${NAME}.log`), file(disk.read(`transfers-0/${NAME}.txnindex`), `${NAME}.txnindex`));
    expect(screen.getByTestId('inspect-status').textContent).toBe('2 file(s) read, 0 with errors');
    let sec = show(`${NAME}.log`);
    const flags = rows(sec, 'inspect-batch').map((r) => r[8].replace(/ \(coordinator epoch \d+\)/, ''));
    expect(flags).toEqual([
      'transactional',
      'transactional, control, ABORT marker',
      'transactional',
      'transactional, control, COMMIT marker',
      'transactional',
      'transactional, control, ABORT marker',
      'transactional',
      'transactional, control, COMMIT marker',
    ]);
    // AbortedTxn(producerId, firstOffset, lastOffset, lastStableOffset): the first transaction and the fenced one
    sec = show(`${NAME}.txnindex`);
    expect(rows(sec, 'inspect-entry').map((r) => r.slice(0, 3))).toEqual([
      ['0', '0', '1'],
      ['0', '4', '5'],
    ]);
  });
});
