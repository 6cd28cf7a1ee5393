// Every scenario command, one module each. The validator, the runner and the UI's buttons read this list;
// the typed `Step` union is made from it. Adding a command: a module in this folder and a line here.
import createTopic from './createTopic';
import addPartitions from './addPartitions';
import produce from './produce';
import addBroker from './addBroker';
import stopBroker from './stopBroker';
import crashBroker from './crashBroker';
import startBroker from './startBroker';
import pauseBroker from './pauseBroker';
import isolate from './isolate';
import heal from './heal';
import advance from './advance';
import joinGroup from './joinGroup';
import leaveGroup from './leaveGroup';
import crashConsumer from './crashConsumer';
import poll from './poll';
import commit from './commit';
import seek from './seek';
import lookup from './lookup';
import electLeaders from './electLeaders';
import setConfig from './setConfig';
import expect from './expect';
import waitFor from './waitFor';
import loseResponses from './loseResponses';
import deleteTopic from './deleteTopic';
import clientRequest from './clientRequest';
import beginTransaction from './beginTransaction';
import commitTransaction from './commitTransaction';
import abortTransaction from './abortTransaction';
import type { CommandSpec, FaultEntry, StepOf } from './spec';

export const commandSpecs = [
  createTopic,
  addPartitions,
  deleteTopic,
  produce,
  addBroker,
  stopBroker,
  crashBroker,
  startBroker,
  pauseBroker,
  isolate,
  heal,
  advance,
  loseResponses,
  beginTransaction,
  commitTransaction,
  abortTransaction,
  joinGroup,
  leaveGroup,
  crashConsumer,
  poll,
  commit,
  seek,
  lookup,
  electLeaders,
  setConfig,
  expect,
  waitFor,
  clientRequest,
] as const;

/** One step of a scenario, typed by its command. */
export type Step = StepOf<(typeof commandSpecs)[number]>;
export type CommandName = Step['do'];

const byName = new Map<string, CommandSpec>(commandSpecs.map((s) => [s.name, s as unknown as CommandSpec]));

/** The spec of a command name, or undefined (any string: "constructor" or "__proto__" is simply unknown). */
export function commandSpec(name: string): CommandSpec | undefined {
  return byName.get(name);
}

/** The fault catalog: every command that breaks something, with how a property test draws its fields. */
export const faultCatalog: { command: CommandName; fault: FaultEntry }[] = commandSpecs.flatMap((s) => (s.fault ? [{ command: s.name, fault: s.fault }] : []));

export type { CommandSpec, FaultEntry } from './spec';
