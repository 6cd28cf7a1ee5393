// The scenario commands, one module each (src/scenario/commands): the contract documents every one of them,
// the validator and the runner know them only through their specs, and the fault catalog draws from them.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandSpec, commandSpecs, faultCatalog } from '../../src/scenario/commands';
import { validateScenario } from '../../src/scenario/validate';

const contract = readFileSync(join(__dirname, '../../docs/spec/scenario-format.md'), 'utf8');
const documented = [...contract.matchAll(/^\| `([a-zA-Z]+)`(?: \/ `([a-zA-Z]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]].filter(Boolean));
// in the contract (v1.1) but not in this engine yet
const NOT_YET: string[] = [];

describe('command specs', () => {
  it('every command is documented in the contract, and every documented command has a module', () => {
    const names = commandSpecs.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(documented, n).toContain(n);
    expect(documented.filter((n) => !names.includes(n as never)).sort()).toEqual([...NOT_YET].sort());
  });

  it('each spec has a doc line and its fields are checkers', () => {
    for (const s of commandSpecs) {
      expect(s.doc.length, s.name).toBeGreaterThan(10);
      for (const f of Object.values({ ...s.required, ...s.optional })) expect(typeof f.check).toBe('function');
    }
  });

  it('names that are properties of every object are not commands', () => {
    for (const n of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']) expect(commandSpec(n)).toBeUndefined();
  });

  it('the fault catalog lists the commands that break something, with how to draw their fields', () => {
    const faults = faultCatalog.map((e) => e.command);
    expect(faults).toEqual(expect.arrayContaining(['crashBroker', 'pauseBroker', 'isolate', 'heal', 'startBroker']));
    expect(faults).not.toContain('produce');
    for (const { command, fault } of faultCatalog) {
      const spec = commandSpec(command)!;
      for (const k of Object.keys(fault.draw)) expect(Object.keys({ ...spec.required, ...spec.optional }), `${command}.${k}`).toContain(k);
      // every required field is drawn, so a drawn step is valid
      for (const k of Object.keys(spec.required)) expect(Object.keys(fault.draw), `${command}.${k}`).toContain(k);
    }
  });

  it('a step is checked by its spec: required fields, types, unknown fields, names', () => {
    const bad = (steps: unknown[]) => {
      const v = validateScenario({ version: 1, id: 'x', steps });
      return v.ok ? null : v.problem;
    };
    expect(bad([{ do: 'pauseBroker', broker: 1 }])).toMatchObject({ step: 0, field: 'ms', code: 'missingField' });
    expect(bad([{ do: 'isolate', broker: 1, from: [7] }])).toMatchObject({ step: 0, field: 'from', code: 'unknownName' });
    expect(bad([{ do: 'joinGroup', consumer: 'c', group: 'g', topics: ['t'] }])).toMatchObject({ field: 'topics', code: 'unknownName' });
    expect(bad([{ do: 'addBroker', broker: 2 }])).toMatchObject({ field: 'broker', code: 'badValue' });
    expect(
      bad([
        { do: 'addBroker', broker: 4 },
        { do: 'crashBroker', broker: 4 },
      ]),
    ).toBeNull();
    expect(bad([{ do: 'setConfig', key: 'segment.bytes', value: 1, topic: 't' }])).toMatchObject({ field: 'topic', code: 'unknownName' });
    expect(
      bad([
        { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1 },
        { do: 'setConfig', key: 'segment.bytez', value: 1, topic: 't' },
      ]),
    ).toMatchObject({ field: 'key', code: 'unknownConfig' });
    expect(bad([{ do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 1, say: { en: 'x' } }])).toMatchObject({ field: 'say', code: 'badType' });
  });
});
