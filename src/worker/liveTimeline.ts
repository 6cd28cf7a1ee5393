// (project) The timeline of a live cluster (npm run cluster): the run at the end of the timeline is the cluster
// clients talk to. Client requests and the wall clock append to it as steps; the app is pushed only what changed.
import type { ScenarioProblem, Step } from '../scenario/types';
import { scenarioJson } from '../scenario/json';
import { noScenario, Timeline, type TimelineView } from './timeline';

export class LiveTimeline extends Timeline {
  /** the `advance` step the live clock is growing (null once another step follows it) */
  private liveAdvance: (Step & { do: 'advance' }) | null = null;

  /** Runs `step` at the end of the timeline, on the live run; a user's step is validated first (a recorded client
   *  request was decoded already). The cursor follows the end unless the user is looking at the past. No checkpoint
   *  follows a live step: the live advance grows after it ran. */
  appendLive(step: Step, validate: boolean): ScenarioProblem | null {
    if (!this.scenario || !this.full) return noScenario;
    if (validate) {
      const v = this.engine.validateScenario({ ...scenarioJson(this.scenario), steps: [...this.scenario.steps, step] });
      if (!v.ok) return v.problem;
      step = v.scenario.steps[v.scenario.steps.length - 1];
    }
    const following = this.cursor >= this.lastSeq();
    this.scenario.steps.push(step);
    this.liveAdvance = null;
    this.full.runStep();
    this.stepEnds.push(this.lastSeq());
    this.liveMoved(following);
    return null;
  }

  /** Simulated time moves on by `ms`: inside the last step when it is the live `advance` (its ms grows), else in a
   *  new one. Running an advance of the total ms gives the same events, so the saved session replays exactly. */
  advanceLive(ms: number): void {
    if (!this.scenario || !this.full?.runFor || ms <= 0) return;
    const following = this.cursor >= this.lastSeq();
    const steps = this.scenario.steps;
    if (this.liveAdvance && steps[steps.length - 1] === this.liveAdvance) {
      this.liveAdvance.ms += ms;
      this.full.runFor(ms);
      this.stepEnds[steps.length - 1] = this.lastSeq();
    } else {
      this.liveAdvance = { do: 'advance', ms };
      steps.push(this.liveAdvance);
      this.full.runStep();
      this.stepEnds.push(this.lastSeq());
    }
    this.liveMoved(following);
  }

  private liveMoved(following: boolean): void {
    this.traceVersion++;
    if (following) {
      this.cursor = this.lastSeq();
      this.atCursor = null;
    }
  }

  /** A view whose trace and steps are only those from `events` and `steps` on (a live push: the UI appends them). */
  viewFrom(events: number, steps: number): TimelineView & { eventsFrom: number; stepsFrom: number } {
    if (!this.scenario || !this.full) throw new Error('no scenario loaded');
    return {
      scenario: { ...this.scenario, steps: this.scenario.steps.slice(steps) },
      stepsFrom: steps,
      events: this.full.events.slice(events),
      eventsFrom: events,
      stepEnds: this.stepEnds.slice(),
      traceVersion: this.traceVersion,
      cursor: this.cursor,
      minCursor: this.bootEnd,
      dump: this.atCursor ?? this.full.dump(),
      failures: this.full.failures,
    };
  }

  get traceVersionNow(): number {
    return this.traceVersion;
  }
}
