// The lessons point the eye at what exists (issue 9): every `focus` names a topic, group or broker that is in the
// state on screen and highlights paths that resolve there; every prediction offers bilingual choices with
// feedback, has an answering step, and its frozen picture does not already hold an answer its own step produced.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deepEqual, getPath } from '../../src/scenario/path';
import { ScenarioRun } from '../../src/scenario/runner';
import type { Focus } from '../../src/scenario/stepFields';
import type { StateDump, Step } from '../../src/scenario/types';
import { validateScenario } from '../../src/scenario/validate';
import { answerStep, choicesOf, freezeOf } from '../../src/ui/lessons/predict';

const DIR = join(__dirname, '../../public/lessons');
const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8')) as { id: string; group: string }[];
const bilingual = (t: unknown) =>
  typeof t === 'object' && t !== null && /\S/.test((t as { en: string }).en) && /[\u4e00-\u9fff]/.test((t as { zh: string }).zh);

describe('the picker order', () => {
  it('starts with "Kafka in one picture" and goes from basics to failures', () => {
    expect(index[0].id).toBe('kafka-in-one-picture');
    const groups = [...new Set(index.map((e) => e.group))];
    expect(groups).toEqual(['basics', 'producers', 'storage', 'replication', 'consumers', 'controller', 'operations', 'failures']);
    expect(index.length).toBe(30);
  });
});

describe('focus and predictions in every lesson', () => {
  for (const { id } of index) {
    it(id, () => {
      const v = validateScenario(JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')));
      if (!v.ok) throw new Error(v.problem.message);
      const steps: Step[] = v.scenario.steps;
      const run = new ScenarioRun(v.scenario);
      let before: StateDump = run.dump();
      let focused = 0;
      // a dump where a focus or a prediction needs one (the 737k-record lesson's dumps are big)
      const needed = (k: number) => steps[k].focus !== undefined || steps[k].label === 'predict' || steps[k + 1]?.label === 'predict';
      for (let k = 0; k < steps.length; k++) {
        run.runStep();
        if (!needed(k)) continue;
        const after = run.dump();
        const st = steps[k];
        const predict = st.label === 'predict';
        // what the learner sees while this step's narration is shown
        const shown = predict && freezeOf(st) === 'before' ? before : after;
        const f = st.focus as Focus | undefined;
        if (f) {
          focused++;
          const where = `${id} step ${k + 1}`;
          if (f.topic !== undefined) expect(after.topics[f.topic], `${where}: topic ${f.topic}`).toBeDefined();
          if (f.group !== undefined) expect(after.groups[f.group], `${where}: group ${f.group}`).toBeDefined();
          if (f.broker !== undefined) expect(after.brokers[String(f.broker)], `${where}: broker ${f.broker}`).toBeDefined();
          for (const p of f.highlight ?? []) expect(getPath(shown, p), `${where}: highlight ${p}`).not.toBeUndefined();
        }
        if (predict) {
          const where = `${id} prediction at step ${k + 1}`;
          const choices = choicesOf(st);
          expect(choices.length, `${where}: choices`).toBeGreaterThanOrEqual(2);
          for (const c of choices) expect(bilingual(c.text) && bilingual(c.feedback), `${where}: bilingual choice ${JSON.stringify(c.text)}`).toBe(true);
          const r = answerStep(steps, k);
          expect(r, `${where}: answering step`).toBeGreaterThan(k);
          // a frozen "after" picture must not hold the answer (what the answering step checks) if its own step produced it
          const a = steps[r];
          if (freezeOf(st) === 'after' && (a.do === 'expect' || a.do === 'waitFor')) {
            const path = a.path as string;
            if (deepEqual(getPath(after, path), a.equals))
              expect(deepEqual(getPath(before, path), a.equals), `${where}: step ${k + 1} itself shows ${path}`).toBe(true);
          }
        }
        before = after;
      }
      expect(focused, `${id}: steps with a focus`).toBeGreaterThanOrEqual(Math.min(8, steps.length - 2));
      expect(
        steps.some((s) => s.label === 'predict'),
        `${id}: a prediction`,
      ).toBe(true);
    });
  }
});
