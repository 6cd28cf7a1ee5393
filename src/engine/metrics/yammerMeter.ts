/**
 * Kafka's per-second broker metrics are Yammer Metrics 2.2.0 meters (KafkaMetricsGroup.newMeter(name, eventType,
 * TimeUnit.SECONDS) → com.yammer.metrics.core.Meter). A Meter keeps a count and exponentially weighted moving
 * averages; operators read its OneMinuteRate. The EWMA (com.yammer.metrics.stats.EWMA) does not move when an event
 * is marked: a tick thread, scheduled at a fixed rate every 5 seconds from the meter's creation, folds the events
 * of the last 5 s into the rate:
 *     instantRate = events / 5 s;  first tick: rate = instantRate;  later: rate += α (instantRate − rate),
 *     α = 1 − e^(−5/60) for the one-minute rate.
 * So a rate shows 0 until the first tick after an event, a burst of n events reads n/5 per second at the next
 * tick, and then decays by e^(−1/12) per quiet tick (to 1/e of its value in a minute).
 *
 * Choices: simulated time replaces the wall clock; a meter is created when its node starts (a restart is a new
 * JVM: counts and rates start over); an event at exactly a tick's time is counted in that tick.
 */

export const TICK_INTERVAL_MS = 5000;
/** 1 − exp(−5/60): Yammer's M1_ALPHA, written as the double Java computes, so no engine's Math.exp can differ */
export const M1_ALPHA = 0.07995558537067671;

export interface MeterSnapshot {
  /** Meter.count(): events since the meter was created */
  count: number;
  /** Meter.oneMinuteRate() in events per second */
  oneMinuteRate: number;
  /** Meter.meanRate(): count / seconds since creation (0 with no events) */
  meanRate: number;
}

/**
 * The meter of events at `marks` (simulated ms, any order; `n` events each, default 1) on a node whose meters were
 * created at `createdAt`, read at `now`. Marks before the creation or after `now` are not counted.
 */
export function meterAt(marks: readonly { at: number; n?: number }[], createdAt: number, now: number): MeterSnapshot {
  const live = marks.filter((m) => m.at >= createdAt && m.at <= now).sort((a, b) => a.at - b.at);
  let count = 0;
  for (const m of live) count += m.n ?? 1;
  let rate = 0;
  let initialized = false;
  let i = 0;
  for (let tick = createdAt + TICK_INTERVAL_MS; tick <= now; tick += TICK_INTERVAL_MS) {
    let uncounted = 0;
    while (i < live.length && live[i].at <= tick) uncounted += live[i++].n ?? 1;
    const instantRate = uncounted / (TICK_INTERVAL_MS / 1000); // events per second
    if (initialized) rate += M1_ALPHA * (instantRate - rate);
    else {
      rate = instantRate;
      initialized = true;
    }
    // a long quiet stretch: the rate underflows to exactly 0 long before the loop would end
    if (rate === 0 && i === live.length) break;
  }
  const elapsedSec = (now - createdAt) / 1000;
  return { count, oneMinuteRate: rate, meanRate: count === 0 || elapsedSec <= 0 ? 0 : count / elapsedSec };
}

export interface TimerSnapshot extends MeterSnapshot {
  /** Timer.mean() / max() of the recorded durations, in ms (0 with none) */
  meanMs: number;
  maxMs: number;
}

/** A Yammer Timer (a Meter plus a histogram of durations), as LeaderElectionRateAndTimeMs. */
export function timerAt(events: readonly { at: number; durationMs: number }[], createdAt: number, now: number): TimerSnapshot {
  const m = meterAt(events, createdAt, now);
  const live = events.filter((e) => e.at >= createdAt && e.at <= now);
  const total = live.reduce((s, e) => s + e.durationMs, 0);
  return { ...m, meanMs: live.length ? total / live.length : 0, maxMs: live.reduce((s, e) => Math.max(s, e.durationMs), 0) };
}
