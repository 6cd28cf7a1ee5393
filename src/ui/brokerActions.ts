// What a learner can do to one broker, for the panel's buttons and the menu a click on a broker opens: the fault
// catalog's commands (scenario/commands) that take a broker, in the catalog's order, each with its words. The
// steps are built from the command's spec, so a button never sends a field its command does not have.
import { commandSpec, faultCatalog, type CommandName, type Step } from '../scenario/commands';
import type { StringKey } from './i18n';

type Status = 'online' | 'stopped' | 'crashed' | 'paused';

export interface BrokerAction {
  command: CommandName;
  label: StringKey;
  title: StringKey;
  /** the brokers it is offered for: a running one (online or paused), a stopped or crashed one, or any */
  when: 'up' | 'down' | 'any';
  /** fields fixed by this action (crashBroker's power loss) */
  fields?: Record<string, unknown>;
  /** the field the learner sets beside the button (the panel has an input for it; the menu uses the default) */
  param?: 'ms' | 'from';
}

type Words = Omit<BrokerAction, 'command'>;

/** The words of each broker fault that has a button; a fault left out (loseResponses) is scenario-only. */
const words: Partial<Record<CommandName, Words[]>> = {
  stopBroker: [{ label: 'stop', title: 'stopTitle', when: 'up' }],
  crashBroker: [
    { label: 'crash', title: 'crashTitle', when: 'up' },
    { label: 'powerLoss', title: 'powerLossTitle', when: 'up', fields: { loseUnflushed: true } },
  ],
  startBroker: [{ label: 'restart', title: 'restartTitle', when: 'down' }],
  pauseBroker: [{ label: 'pauseBroker', title: 'pauseTitle', when: 'up', param: 'ms' }],
  isolate: [{ label: 'isolate', title: 'isolateTitle', when: 'any', param: 'from' }],
  heal: [{ label: 'heal', title: 'healTitle', when: 'any' }],
};

const takesBroker = (name: CommandName) => {
  const s = commandSpec(name);
  return !!s && ('broker' in s.required || 'broker' in s.optional);
};

export const brokerActions: BrokerAction[] = faultCatalog
  .filter((e) => takesBroker(e.command))
  .flatMap((e) => (words[e.command] ?? []).map((w) => ({ command: e.command, ...w })));

/** The pause the menu gives (the panel lets the learner type it). */
export const MENU_PAUSE_MS = 15000;

/** The step an action sends for `broker`; `set` holds the learner's values, kept only where the command has that field. */
export function brokerStep(a: BrokerAction, broker: number, set: { ms?: number; from?: 'zookeeper' | 'controller' | 'brokers' } = {}): Step {
  const spec = commandSpec(a.command)!;
  const has = (k: string) => k in spec.required || k in spec.optional;
  const own = Object.fromEntries(Object.entries(set).filter(([k, v]) => v !== undefined && has(k)));
  return { do: a.command, broker, ...a.fields, ...own } as Step;
}

export const isDown = (status: Status | undefined) => status === 'crashed' || status === 'stopped';

/** Whether `a` applies to a broker in `status`. */
export function offered(a: BrokerAction, status: Status | undefined): boolean {
  return a.when === 'any' || (a.when === 'down') === isDown(status);
}
