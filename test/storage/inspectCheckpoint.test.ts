// Inspect reads a log directory's text files as Kafka does: CheckpointFile.CheckpointReadBuffer.read() (server-common),
// OffsetCheckpointFile.Formatter and LeaderEpochCheckpointFile.Formatter (storage), CleanShutdownFileHandler.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointFormatOf, inspectCheckpoint, inspectCleanShutdown } from '../../src/storage/inspectCheckpoint';
import { errorText, inspectBytes } from '../../src/ui/inspect/model';
import { makeIT } from '../../src/ui/inspect/strings';

const enc = (s: string) => new TextEncoder().encode(s);
const offsets = (s: string, file = 'replication-offset-checkpoint') => inspectCheckpoint(file, enc(s), 'offsets');
const epochs = (s: string) => inspectCheckpoint('leader-epoch-checkpoint', enc(s), 'leaderEpochs');

describe('checkpoint files (CheckpointFile: version, count, one entry a line)', () => {
  it("reads OffsetCheckpointFile's example: topic partition offset", () => {
    const r = offsets('0\n2\ntp1 0 1\ntp1 1 2\n');
    expect(r.error).toBeNull();
    expect(r).toMatchObject({
      version: 0,
      expected: 2,
      entries: [
        { topic: 'tp1', partition: 0, offset: '1' },
        { topic: 'tp1', partition: 1, offset: '2' },
      ],
    });
  });

  it("reads LeaderEpochCheckpointFile's example: epoch start offset; fields split on any whitespace", () => {
    const r = epochs('0\n2\n0  1\n1\t2');
    expect(r.error).toBeNull();
    expect(r.entries).toEqual([
      { epoch: 0, startOffset: '1' },
      { epoch: 1, startOffset: '2' },
    ]);
  });

  it('an empty file, or one with only the version, holds no entries (as Kafka reads it)', () => {
    expect(offsets('')).toMatchObject({ error: null, entries: [], version: null });
    expect(offsets('0\n')).toMatchObject({ error: null, entries: [], version: 0, expected: null });
  });

  it('line ends as BufferedReader.readLine: \\r\\n and \\r too', () => {
    expect(offsets('0\r\n1\r\nt 3 9\r\n')).toMatchObject({ error: null, entries: [{ topic: 't', partition: 3, offset: '9' }] });
    expect(epochs('0\r1\r5 100\r')).toMatchObject({ error: null, entries: [{ epoch: 5, startOffset: '100' }] });
  });

  it('offsets are Java longs: the largest one is kept exactly', () => {
    expect(offsets('0\n1\nt 0 9223372036854775807\n').entries).toEqual([{ topic: 't', partition: 0, offset: '9223372036854775807' }]);
    expect(offsets('0\n1\nt 0 9223372036854775808\n').error).toMatchObject({ kind: 'ckMalformed', line: 3 });
    expect(offsets('0\n1\nt 2147483648 0\n').error).toMatchObject({ kind: 'ckMalformed', line: 3 }); // partition: an int
  });

  it('another version: "Unrecognised version" on line 1', () => {
    expect(offsets('1\n0\n').error).toMatchObject({ kind: 'ckVersion', line: 1, position: 0, params: { version: 1 } });
  });

  it('a malformed line is named by number, with its text and its byte position', () => {
    expect(offsets('zero\n').error).toMatchObject({ kind: 'ckMalformed', line: 1, params: { text: 'zero', expected: 'version' } });
    expect(offsets('0\nmany\n').error).toMatchObject({ kind: 'ckMalformed', line: 2, position: 2, params: { expected: 'count' } });
    const e = offsets('0\n2\nt 0 5\nt 1\n').error!;
    expect(e).toMatchObject({ kind: 'ckMalformed', line: 4, position: 10, params: { text: 't 1', expected: 'offsets' } });
    expect(e.message).toBe('replication-offset-checkpoint line 4: malformed line "t 1": expected <topic> <partition> <offset>');
    expect(epochs('0\n1\n3 x\n').error).toMatchObject({ kind: 'ckMalformed', line: 3, params: { expected: 'leaderEpochs' } });
    // Pattern.split keeps a leading empty field: an indented line is malformed, as in Kafka
    expect(epochs('0\n1\n 3 7\n').error).toMatchObject({ kind: 'ckMalformed', line: 3 });
    expect(epochs('0\n2\n3 7\n\n').error).toMatchObject({ kind: 'ckMalformed', line: 4 }); // an empty line
  });

  it('a count that does not match the entries: "Expected [N] entries", pointing at the count line', () => {
    expect(epochs('0\n3\n0 0\n1 5\n').error).toMatchObject({ kind: 'ckCount', line: 2, params: { expected: 3, found: 2 } });
    expect(epochs('0\n-1\n').error).toMatchObject({ kind: 'ckMalformed', line: 2 });
  });

  it('bytes that are not UTF-8 text', () => {
    expect(inspectCheckpoint('leader-epoch-checkpoint', new Uint8Array([0x30, 0x0a, 0xff, 0xfe]), 'leaderEpochs').error).toMatchObject({
      kind: 'ckNotText',
      line: 1,
    });
  });

  it("knows the names of Kafka's checkpoint files, wherever they sit", () => {
    expect(checkpointFormatOf('broker-1/t-0/leader-epoch-checkpoint')).toBe('leaderEpochs');
    for (const n of ['replication-offset-checkpoint', 'recovery-point-offset-checkpoint', 'log-start-offset-checkpoint', 'cleaner-offset-checkpoint'])
      expect(checkpointFormatOf(`broker-2/${n}`)).toBe('offsets');
    expect(checkpointFormatOf('leader-epoch-checkpoint.tmp')).toBeNull();
  });
});

describe('.kafka_cleanshutdown (CleanShutdownFileHandler)', () => {
  it('empty (older Kafka) or JSON with the broker epoch (newer Kafka, KIP-966)', () => {
    expect(inspectCleanShutdown('.kafka_cleanshutdown', new Uint8Array(0))).toMatchObject({ error: null, brokerEpoch: null });
    expect(inspectCleanShutdown('.kafka_cleanshutdown', enc('{"version":"0","broker_epoch":"42"}'))).toMatchObject({
      error: null,
      brokerEpoch: '42',
      version: '0',
    });
  });

  it('anything else: an error on line 1 (Kafka only warns; the file still marks a clean shutdown)', () => {
    expect(inspectCleanShutdown('.kafka_cleanshutdown', enc('clean!\n')).error).toMatchObject({ kind: 'ckCleanShutdown', line: 1, params: { text: 'clean!' } });
    expect(inspectCleanShutdown('.kafka_cleanshutdown', enc('{"broker_epoch":"x"}')).error).toMatchObject({ kind: 'ckCleanShutdown' });
  });
});

describe('errors by kind in English and Chinese, naming file and line', () => {
  const cases: [string, string, string, string][] = [
    [
      'leader-epoch-checkpoint',
      '2\n0\n',
      'leader-epoch-checkpoint line 1: unrecognised version 2, expected 0 (Kafka refuses to read the file)',
      'leader-epoch-checkpoint 第 1 行：无法识别的版本 2，应为 0（Kafka 会拒绝读取该文件）',
    ],
    [
      'leader-epoch-checkpoint',
      '0\n1\n1\n',
      'leader-epoch-checkpoint line 3: malformed line “1”: expected <leader epoch> <start offset>',
      'leader-epoch-checkpoint 第 3 行：格式错误的行“1”：应为<leader 纪元> <起始位移>',
    ],
    [
      'recovery-point-offset-checkpoint',
      '0\n2\nt 0 1\n',
      'recovery-point-offset-checkpoint line 2: the file says 2 entries, but holds 1',
      'recovery-point-offset-checkpoint 第 2 行：文件声明有 2 个条目，实际有 1 个',
    ],
    [
      'replication-offset-checkpoint',
      '0\nx\n',
      'replication-offset-checkpoint line 2: malformed line “x”: expected the number of entries',
      'replication-offset-checkpoint 第 2 行：格式错误的行“x”：应为条目数',
    ],
  ];
  for (const [name, text, en, zh] of cases) {
    it(`${name}: ${JSON.stringify(text)}`, () => {
      const f = inspectBytes(name, enc(text));
      expect(f.kind).toBe('checkpoint');
      expect(errorText(makeIT('en'), f.error!)).toBe(en);
      expect(errorText(makeIT('zh'), f.error!)).toBe(zh);
    });
  }
});

describe('every file `npm run export` writes decodes without an error', () => {
  it('segments, indexes, checkpoints and the clean-shutdown marker of a cluster that lived through a crash and a stop', () => {
    const out = mkdtempSync(join(tmpdir(), 'inspect-export-'));
    try {
      const scenario = {
        version: 1,
        id: 'export-everything',
        brokers: 3,
        config: { 'log.segment.bytes': 400, 'log.flush.interval.messages': 3 },
        steps: [
          { do: 'createTopic', topic: 'orders', partitions: 2, replicationFactor: 3 },
          { do: 'produce', topic: 'orders', count: 12, key: 'k{n}' },
          { do: 'crashBroker', broker: 1 },
          { do: 'advance', ms: 20000 },
          { do: 'produce', topic: 'orders', count: 6, key: 'k{n}' },
          { do: 'startBroker', broker: 1 },
          { do: 'stopBroker', broker: 2 },
        ],
      };
      const file = join(out, 'scenario.json');
      writeFileSync(file, JSON.stringify(scenario));
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', file, '--out', join(out, 'dirs')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const files = (JSON.parse(r.stdout) as { files: string[] }).files;
      const kinds = new Set<string>();
      for (const rel of files) {
        const f = inspectBytes(rel, new Uint8Array(readFileSync(join(out, 'dirs', rel))));
        expect(f.error, `${rel}: ${f.error?.detail}`).toBeNull();
        expect(f.kind, rel).not.toBe('unknown');
        kinds.add(
          rel
            .split('/')
            .pop()!
            .replace(/^\d{20}/, 'N'),
        );
      }
      // the export holds each kind of file, so this test covers them all
      for (const k of [
        'N.log',
        'N.index',
        'N.timeindex',
        'leader-epoch-checkpoint',
        'replication-offset-checkpoint',
        'recovery-point-offset-checkpoint',
        '.kafka_cleanshutdown',
      ])
        expect(kinds).toContain(k);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
