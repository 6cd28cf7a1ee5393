// What a learner can do to one broker, for the panel's buttons and the menu a click on a broker opens: the fault
// catalog's commands (scenario/commands) that take a broker, in the catalog's order, each with its words. Written
// out here rather than read from the command specs at run time, so that the page's start-up code does not carry
// the engine the specs run; test/ui/brokerActions.test.ts checks this list against the catalog and the specs (a
// button never sends a field its command does not have).
import type { CommandName, Step } from '../scenario/commands';
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

/** Each broker fault that has a button, in the fault catalog's order; a fault left out (loseResponses) is scenario-only. */
export const brokerActions: BrokerAction[] = [
  { command: 'stopBroker', label: 'stop', title: 'stopTitle', when: 'up' },
  { command: 'crashBroker', label: 'crash', title: 'crashTitle', when: 'up' },
  { command: 'crashBroker', label: 'powerLoss', title: 'powerLossTitle', when: 'up', fields: { loseUnflushed: true } },
  { command: 'startBroker', label: 'restart', title: 'restartTitle', when: 'down' },
  { command: 'pauseBroker', label: 'pauseBroker', title: 'pauseTitle', when: 'up', param: 'ms' },
  { command: 'isolate', label: 'isolate', title: 'isolateTitle', when: 'any', param: 'from' },
  { command: 'heal', label: 'heal', title: 'healTitle', when: 'any' },
];

/** The pause the menu gives (the panel lets the learner type it). */
export const MENU_PAUSE_MS = 15000;

/** The step an action sends for `broker`; of `set` (the learner's values) only the action's own field is kept. */
export function brokerStep(a: BrokerAction, broker: number, set: { ms?: number; from?: 'zookeeper' | 'controller' | 'brokers' } = {}): Step {
  const own = a.param && set[a.param] !== undefined ? { [a.param]: set[a.param] } : {};
  return { do: a.command, broker, ...a.fields, ...own } as Step;
}

export const isDown = (status: Status | undefined) => status === 'crashed' || status === 'stopped';

/** Whether `a` applies to a broker in `status`. */
export function offered(a: BrokerAction, status: Status | undefined): boolean {
  return a.when === 'any' || (a.when === 'down') === isDown(status);
}
