// The broker buttons (panel and menu) come from the fault catalog: each sends a step its command accepts.
import { describe, expect, it } from 'vitest';
import { commandSpec, faultCatalog } from '../../src/scenario/commands';
import { validateScenario } from '../../src/scenario/validate';
import { brokerActions, brokerStep, MENU_PAUSE_MS, offered } from '../../src/ui/brokerActions';

const byLabel = (label: string) => brokerActions.find((a) => a.label === label)!;

describe('broker actions', () => {
  it('are the fault catalog’s broker commands in its order (loseResponses stays scenario-only)', () => {
    expect(brokerActions.map((a) => a.label)).toEqual(['stop', 'crash', 'powerLoss', 'restart', 'pauseBroker', 'isolate', 'heal']);
    const faults = faultCatalog.map((e) => e.command);
    for (const a of brokerActions) expect(faults, a.command).toContain(a.command);
    expect(brokerActions.some((a) => a.command === 'loseResponses')).toBe(false);
    // written out by hand (the start-up code must not load the specs): every catalog command taking a broker, in order
    const takesBroker = faultCatalog
      .map((e) => e.command)
      .filter((c) => c !== 'loseResponses' && ('broker' in commandSpec(c)!.required || 'broker' in commandSpec(c)!.optional));
    expect([...new Set(brokerActions.map((a) => a.command))]).toEqual(takesBroker);
  });

  it('fix and take only fields their command has', () => {
    for (const a of brokerActions) {
      const spec = commandSpec(a.command)!;
      for (const k of [...Object.keys(a.fields ?? {}), ...(a.param ? [a.param] : [])])
        expect(k in spec.required || k in spec.optional, `${a.label}.${k}`).toBe(true);
    }
  });

  it('each sends a step the scenario validator accepts, with the learner’s values only where the command has the field', () => {
    const steps = brokerActions.map((a) => brokerStep(a, 2, { ms: MENU_PAUSE_MS, from: 'zookeeper' }));
    expect(steps).toEqual([
      { do: 'stopBroker', broker: 2 },
      { do: 'crashBroker', broker: 2 },
      { do: 'crashBroker', broker: 2, loseUnflushed: true },
      { do: 'startBroker', broker: 2 },
      { do: 'pauseBroker', broker: 2, ms: MENU_PAUSE_MS },
      { do: 'isolate', broker: 2, from: 'zookeeper' },
      { do: 'heal', broker: 2 },
    ]);
    for (const s of steps) expect(commandSpec(s.do), s.do).toBeDefined();
    const r = validateScenario({ version: 1, id: 'buttons', title: 'buttons', brokers: 3, steps });
    expect(r.ok, JSON.stringify(!r.ok && r.problem)).toBe(true);
  });

  it('a running broker is offered what stops it, a stopped or crashed one a restart, any broker the network', () => {
    const shown = (status: 'online' | 'paused' | 'stopped' | 'crashed') => brokerActions.filter((a) => offered(a, status)).map((a) => a.label);
    expect(shown('online')).toEqual(['stop', 'crash', 'powerLoss', 'pauseBroker', 'isolate', 'heal']);
    expect(shown('paused')).toEqual(shown('online'));
    expect(shown('crashed')).toEqual(['restart', 'isolate', 'heal']);
    expect(shown('stopped')).toEqual(['restart', 'isolate', 'heal']);
    expect(byLabel('restart').command).toBe('startBroker');
  });
});
