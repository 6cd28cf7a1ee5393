// Embed contract v1.1: each frame keeps to itself. A frame's key is its page and its parameters; what it saves is
// restored only by a frame with the same key and the same starting scenario, and never becomes (or reads) the full
// app's current cluster.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScenarioRun } from '../../src/scenario/runner';
import { validateScenario } from '../../src/scenario/validate';
import { EngineHost, emptyCluster } from '../../src/worker/host';
import type { WorkerState } from '../../src/worker/protocol';
import { frameScope, hash53, sourceOf } from '../../src/worker/scope';
import { IdbSessionStore } from '../../src/worker/session';

let n = 0;
const fresh = () => `frames-test-${++n}`;
const engine = { validateScenario, createRun: (s: Parameters<typeof validateScenario>[0] & object) => new ScenarioRun(s as never) };
const topic = { do: 'createTopic', topic: 't', partitions: 1, replicationFactor: 3 };
const lesson = (title: string) => ({ version: 1, id: 'x', title, seed: 7, brokers: 3, steps: [topic, { do: 'produce', topic: 't', count: 3, acks: 'all' }] });
const place = { framed: true, embedPage: true, host: 'https://course.example/week1.html', pathname: '/kafka/embed.html', search: '?scenario=acks&lang=zh' };

describe('frameScope: the key of a frame', () => {
  it('is null for the full app, and a frame- key for a frame or embed.html', () => {
    expect(frameScope({ ...place, framed: false, embedPage: false })).toBeNull();
    expect(frameScope({ ...place, framed: false })).toMatch(/^frame-[0-9a-z]+$/);
    expect(frameScope({ ...place, embedPage: false })).toMatch(/^frame-[0-9a-z]+$/);
  });
  it('differs by page and by parameters, not by their order or the page\'s hash', () => {
    const k = frameScope(place);
    expect(frameScope({ ...place, search: '?lang=zh&scenario=acks' })).toBe(k);
    expect(frameScope({ ...place, host: place.host + '#part-2' })).toBe(k);
    expect(frameScope({ ...place, search: '?scenario=acks&lang=en' })).not.toBe(k);
    expect(frameScope({ ...place, search: '?scenario=isr&lang=zh' })).not.toBe(k);
    expect(frameScope({ ...place, host: 'https://course.example/week2.html' })).not.toBe(k);
  });
  it('hash53 tells close strings apart and is stable', () => {
    expect(hash53('a')).toBe(hash53('a'));
    expect(new Set(['a', 'b', 'ab', 'ba', '', ' '].map(hash53)).size).toBe(6);
  });
});

describe('EngineHost: a frame restores only its own session', () => {
  it('two frames and the full app, in one database, each get back their own cluster', async () => {
    const db = fresh();
    const A = 'frame-a', B = 'frame-b';
    // the full app's cluster, current
    const app = new EngineHost(engine, new IdbSessionStore(db));
    await app.handle({ type: 'restore', fallback: emptyCluster() }, 1);
    await app.handle({ type: 'command', step: topic as never }, 2);
    // frame A opens lesson "A" at step 1, frame B opens the empty cluster and creates a topic
    const fa = new EngineHost(engine, new IdbSessionStore(db));
    const a1 = (await fa.handle({ type: 'restore', scope: A, fallback: lesson('A'), step: 1 }, 1)) as WorkerState;
    expect(a1.type).toBe('state');
    expect(a1.session).toBeUndefined(); // no saved-clusters menu in a frame
    const fb = new EngineHost(engine, new IdbSessionStore(db));
    await fb.handle({ type: 'restore', scope: B, fallback: emptyCluster() }, 1);
    await fb.handle({ type: 'command', step: { do: 'createTopic', topic: 'mine', partitions: 2, replicationFactor: 1 } as never }, 2);
    await new Promise((r) => setTimeout(r, 20));

    // "reload": new hosts over the same database
    const a2 = (await new EngineHost(engine, new IdbSessionStore(db)).handle({ type: 'restore', scope: A, fallback: lesson('A'), step: 0 }, 1)) as WorkerState;
    expect(a2.cursor).toBe(a1.cursor); // its own position (step 1), not the step parameter's 0
    const b2 = (await new EngineHost(engine, new IdbSessionStore(db)).handle({ type: 'restore', scope: B, fallback: emptyCluster() }, 1)) as WorkerState;
    expect(Object.keys(b2.dump!.topics)).toEqual(['mine']);
    // the full app still has its own current cluster (topic t), listed alone
    const store = new IdbSessionStore(db);
    const full = (await new EngineHost(engine, store).handle({ type: 'restore', fallback: emptyCluster() }, 1)) as WorkerState;
    expect(Object.keys(full.dump!.topics)).toEqual(['t']);
    expect((await store.list()).sessions.map((s) => s.id).filter((id) => id.startsWith('frame-'))).toEqual([]);
    // a frame never seen before opens its fallback, not anyone's saved cluster
    const c = (await new EngineHost(engine, new IdbSessionStore(db)).handle({ type: 'restore', scope: 'frame-c', fallback: emptyCluster() }, 1)) as WorkerState;
    expect(Object.keys(c.dump!.topics)).toEqual([]);
  });

  it('a frame whose scenario changed since it saved starts the new one afresh', async () => {
    const db = fresh();
    const h = new EngineHost(engine, new IdbSessionStore(db));
    await h.handle({ type: 'restore', scope: 'frame-x', fallback: lesson('old') }, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect((await new IdbSessionStore(db).get('frame-x'))?.source).toBe(sourceOf(lesson('old')));
    const again = (await new EngineHost(engine, new IdbSessionStore(db)).handle({ type: 'restore', scope: 'frame-x', fallback: lesson('new'), step: 0 }, 1)) as WorkerState;
    expect(again.scenario?.title).toBe('new');
  });

  it('an invalid fallback is reported as a problem and changes nothing saved', async () => {
    const db = fresh();
    const h = new EngineHost(engine, new IdbSessionStore(db));
    const r = await h.handle({ type: 'restore', scope: 'frame-y', fallback: { version: 1, steps: 'no' } }, 1);
    expect(r.type).toBe('error');
    expect(r.type === 'error' && r.problem).toBeTruthy();
    expect(await new IdbSessionStore(db).get('frame-y')).toBeUndefined();
  });
});
