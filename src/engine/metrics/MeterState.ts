// A Yammer Meter (or Timer) kept as the simulation runs, with exactly yammerMeter.ts's arithmetic: marks are counted
// into the 5-second tick that follows them (one at a tick's instant belongs to that tick), each tick folds them into
// the one-minute EWMA. A read advances a copy, so a mark later in the same millisecond still lands in its tick.
import { M1_ALPHA, TICK_INTERVAL_MS, type TimerSnapshot } from './yammerMeter';

interface Ewma {
  rate: number;
  initialized: boolean;
  uncounted: number;
  /** the next tick's time */
  nextTick: number;
}

function advance(e: Ewma, through: number): void {
  while (e.nextTick <= through) {
    if (e.initialized && e.rate === 0 && e.uncounted === 0) {
      // a quiet meter at rest stays at exactly 0: jump to the last tick at or before `through`
      e.nextTick += Math.floor((through - e.nextTick) / TICK_INTERVAL_MS) * TICK_INTERVAL_MS + TICK_INTERVAL_MS;
      return;
    }
    const instantRate = e.uncounted / (TICK_INTERVAL_MS / 1000);
    if (e.initialized) e.rate += M1_ALPHA * (instantRate - e.rate);
    else {
      e.rate = instantRate;
      e.initialized = true;
    }
    e.uncounted = 0;
    e.nextTick += TICK_INTERVAL_MS;
  }
}

export class MeterState {
  count = 0;
  private ewma: Ewma;
  private durations = { total: 0, max: 0 };
  /** a read's result, advanced as far as the last read (dropped by the next mark) */
  private cache: Ewma | null = null;

  constructor(readonly createdAt: number) {
    this.ewma = { rate: 0, initialized: false, uncounted: 0, nextTick: createdAt + TICK_INTERVAL_MS };
  }

  /** Meter.mark(n) at `at` (a Timer's update with its duration). Marks before the meter existed are not counted. */
  mark(at: number, n = 1, durationMs = 0): void {
    if (at < this.createdAt) return;
    advance(this.ewma, at - 1);
    this.ewma.uncounted += n;
    this.count += n;
    this.durations.total += durationMs * n;
    this.durations.max = Math.max(this.durations.max, durationMs);
    this.cache = null;
  }

  read(now: number): TimerSnapshot {
    const e = this.cache && this.cache.nextTick - TICK_INTERVAL_MS <= now ? this.cache : { ...this.ewma };
    advance(e, now);
    this.cache = e;
    const elapsedSec = (now - this.createdAt) / 1000;
    return {
      count: this.count,
      oneMinuteRate: e.rate,
      meanRate: this.count === 0 || elapsedSec <= 0 ? 0 : this.count / elapsedSec,
      meanMs: this.count ? this.durations.total / this.count : 0,
      maxMs: this.durations.max,
    };
  }
}
