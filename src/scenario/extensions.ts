// Commands implemented outside the core runner (consumer groups) plug in here, so the runner stays small.
import type { Step } from './types';
import type { RunContext } from './commands';
import { groupsExtension } from './groups';
import { requestChannel } from '../wire/RequestChannel';

export interface StepExtension {
  handles(command: string): boolean;
  execute(step: Step, index: number): void;
  /** keys merged into the state dump (e.g. groups, consumers) */
  dump(): Record<string, unknown>;
}

export const extensions: ((run: RunContext) => StepExtension)[] = [groupsExtension, requestChannel];
