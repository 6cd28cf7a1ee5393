// One path for I/O failures, as Kafka's: every disk operation of a log runs inside maybeHandleIOException
// (LocalLog.maybeHandleIOException), which turns an I/O error into "this log directory is offline" on the
// LogDirFailureChannel and a KafkaStorageException for the caller. Nothing else in the log code handles I/O
// errors; the broker reacts in one place (the channel's listener, Kafka's LogDirFailureHandler).
import { DiskIOError } from '../disk/SimDisk';

/** What a caller sees when its log directory has failed (Kafka's KAFKA_STORAGE_ERROR). */
export class KafkaStorageException extends Error {
  readonly code = 'KAFKA_STORAGE_ERROR';
  constructor(message: string, cause?: Error) {
    super(message, { cause });
  }
}

export class LogDirFailureChannel {
  readonly offline = new Set<string>();

  /** onOffline: a copyable callback (engine/sim/call.ts), since the channel is part of the engine's state */
  constructor(private onOffline: (dir: string, message: string, cause: Error) => void) {}

  /** The first failure of a directory takes it offline and tells the broker; later ones add nothing. */
  maybeAddOfflineLogDir(dir: string, message: string, cause: Error): void {
    if (this.offline.has(dir)) return;
    this.offline.add(dir);
    this.onOffline(dir, message, cause);
  }
}

/** Runs a disk operation of the log in `dir`; an I/O error takes the directory offline. */
export function maybeHandleIOException<T>(channel: LogDirFailureChannel | undefined, dir: string, message: () => string, fn: () => T): T {
  if (channel?.offline.has(dir)) throw new KafkaStorageException(`the log directory ${dir} is offline`);
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof DiskIOError)) throw e;
    const m = `${message()}: ${e.message}`;
    channel?.maybeAddOfflineLogDir(dir, m, e);
    throw new KafkaStorageException(m, e);
  }
}
