// The shape of an event's sentence: a function of the event (typed by the engine's event map) and two
// formatters of its fields (`v` a value, `n` a network node's name), in one language.
import type { EventMap, EventOf, EventType } from '../../scenario/types';

export type Field<K extends EventType> = Extract<keyof EventMap[K], string>;
export type Sentence<K extends EventType> = (e: EventOf<K>, v: (k: Field<K>) => string, n: (k: Field<K>) => string) => string;
/** every event type has a sentence */
export type SentenceTable = { [K in EventType]: Sentence<K> };
/** part of a table (the parts are put together into a SentenceTable, which the compiler checks is complete) */
export type PartialSentenceTable = Partial<SentenceTable>;
