// @vitest-environment jsdom
// The engine never stops answering (issue 15): while a long request runs the page shows its progress with Cancel;
// timeline moves go to a standby worker holding the timeline as it was (stepping back works meanwhile); Cancel
// ends the busy worker, answers what it had not answered with CANCELLED, and opens the start-up cluster again in
// a new worker (keeping aside a cluster whose opening was cancelled). Notices speak English and Chinese.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { busyState, EngineClient, setClient, type PortLike } from '../../src/ui/client';
import { Notices } from '../../src/ui/sessions/Notices';
import { dismissNotice, sessionNote } from '../../src/ui/sessions/logs';
import { useStore } from '../../src/ui/store';
import type { WorkerRequest, WorkerResponse, WorkerState } from '../../src/worker/protocol';
import { dump, events, scenario, setup } from './fixtures';

interface FakeWorker extends PortLike {
  sent: { id: number; req: WorkerRequest }[];
  terminated: boolean;
  answer(res: WorkerResponse): void;
}

function fakeWorker(): FakeWorker {
  const w: FakeWorker = {
    sent: [],
    terminated: false,
    onmessage: null,
    postMessage(m) {
      w.sent.push(m as { id: number; req: WorkerRequest });
    },
    terminate() {
      w.terminated = true;
    },
    answer(res) {
      act(() => {
        w.onmessage?.({ data: res } as MessageEvent);
      });
    },
  };
  return w;
}

const stateFor = (id: number, over: Partial<WorkerState> = {}): WorkerState => ({
  type: 'state',
  id,
  scenario: scenario(),
  traceVersion: 1,
  cursor: 6,
  minCursor: -1,
  dump: dump(),
  failures: [],
  ...over,
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  for (const x of sessionNote().notices) dismissNotice(x.n);
});
beforeEach(() => {
  setup({ cursor: 6 });
});

function client() {
  const primary = fakeWorker();
  const spawned: FakeWorker[] = [];
  const c = new EngineClient(primary, () => {
    const w = fakeWorker();
    spawned.push(w);
    return w;
  });
  setClient(c);
  return { c, primary, spawned };
}

describe('a long request', () => {
  it('shows its progress after a moment, with the events and simulated time the worker reports', () => {
    vi.useFakeTimers();
    const { c, primary } = client();
    render(<Notices />);
    void c.request({ type: 'command', step: { do: 'advance', ms: 3e9 } });
    expect(busyState()?.what).toBe('command');
    expect(screen.queryByTestId('busy')).toBeNull(); // not for a quick one
    primary.answer({ type: 'progress', id: primary.sent[0].id, events: 123456, simMs: 7_200_000, ms: 900 });
    act(() => {
      vi.advanceTimersByTime(1500);
    });
    expect(screen.getByTestId('busy').textContent).toContain('Working: 123,456 events, 2 h simulated, 1 s so far');
    expect(screen.getByTestId('busy').textContent).toContain('You can step through the timeline meanwhile.');
    act(() => {
      useStore.getState().setPrefs({ lang: 'zh' });
    });
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(screen.getByTestId('busy').textContent).toContain('正在计算');
    expect(screen.getByRole('button', { name: '取消' })).toBeTruthy();
    primary.answer(stateFor(primary.sent[0].id));
    expect(busyState()).toBeNull();
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(screen.queryByTestId('busy')).toBeNull();
  });

  it('stepping back meanwhile is answered by a standby worker that holds the timeline as it was', () => {
    vi.useFakeTimers();
    const { c, primary, spawned } = client();
    void c.request({ type: 'command', step: { do: 'advance', ms: 3e9 } });
    act(() => {
      vi.advanceTimersByTime(500);
    });
    c.seek({ type: 'seek', cursor: 2 });
    expect(primary.sent.map((m) => m.req.type)).toEqual(['command']); // the busy worker is not asked
    expect(spawned).toHaveLength(1);
    const sb = spawned[0];
    expect(sb.sent.map((m) => m.req)).toEqual([
      { type: 'load', scenario: expect.objectContaining({ id: 'test', steps: scenario().steps }), step: 0, persist: false },
      { type: 'seek', cursor: 6 },
      { type: 'seek', cursor: 2 },
    ]);
    sb.answer(stateFor(sb.sent[0].id, { cursor: -1 })); // the standby's start is not shown
    expect(useStore.getState().cursor).toBe(6);
    sb.answer(stateFor(sb.sent[1].id, { cursor: 6 }));
    sb.answer(stateFor(sb.sent[2].id, { cursor: 2, dump: dump({ time: 2 }) }));
    expect(useStore.getState().cursor).toBe(2);
    expect(useStore.getState().dump?.time).toBe(2);
    // the long command ends: its state is shown, the standby goes
    primary.answer(stateFor(primary.sent[0].id, { cursor: 9, events: [...events(), ...events()].map((e, seq) => ({ ...e, seq })) }));
    expect(useStore.getState().cursor).toBe(9);
    expect(sb.terminated).toBe(true);
  });

  it('Cancel ends the busy worker, answers its requests with CANCELLED, and opens the start-up cluster in a new one', async () => {
    vi.useFakeTimers();
    const { c, primary, spawned } = client();
    render(<Notices />);
    const opening = c.request({ type: 'restore', space: '', fallback: { steps: [] } });
    primary.answer(stateFor(primary.sent[0].id));
    let long!: Promise<WorkerResponse>, after!: Promise<WorkerResponse>;
    act(() => {
      long = c.request({ type: 'command', step: { do: 'advance', ms: 3e9 } });
      after = c.request({ type: 'command', step: { do: 'advance', ms: 10 } });
    });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    fireEvent.click(screen.getByTestId('busy-cancel'));
    expect(primary.terminated).toBe(true);
    expect(await long).toMatchObject({ type: 'error', code: 'CANCELLED' });
    expect(await after).toMatchObject({ type: 'error', code: 'CANCELLED' });
    await opening;
    const next = spawned[spawned.length - 1];
    expect(next.sent.map((m) => m.req)).toEqual([{ type: 'restore', space: '', fallback: { steps: [] }, lockWaitMs: 3000 }]);
    expect(useStore.getState().errors).toEqual([]); // a cancel is not an error
    expect(screen.getByTestId('notice-cancelled').textContent).toContain('Cancelled. The cluster is as it was before that command.');
    next.answer(stateFor(next.sent[0].id));
    expect(busyState()).toBeNull();
  });

  it('a cancelled opening asks the new worker to keep that saved cluster aside', () => {
    vi.useFakeTimers();
    const { c, primary, spawned } = client();
    void c.request({ type: 'restore', space: 'link /index.html?scenario=x', fallback: { steps: [] } });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    c.cancel();
    expect(primary.terminated).toBe(true);
    expect(spawned[0].sent[0].req).toEqual({
      type: 'restore',
      space: 'link /index.html?scenario=x',
      fallback: { steps: [] },
      skipCurrent: true,
      lockWaitMs: 3000,
    });
  });
});

describe('a move through the timeline', () => {
  it('still running after 300 ms shows that the history is replayed, without Cancel; English and Chinese', () => {
    vi.useFakeTimers();
    const { c, primary, spawned } = client();
    render(<Notices />);
    c.seek({ type: 'seekStep', step: 3 });
    expect(busyState()?.what).toBe('seekStep');
    act(() => {
      vi.advanceTimersByTime(250);
    });
    expect(screen.queryByTestId('busy')).toBeNull(); // not for a quick one
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(screen.getByTestId('busy').textContent).toBe('Replaying the history up to this moment…');
    expect(screen.queryByTestId('busy-cancel')).toBeNull();
    primary.answer({ type: 'progress', id: primary.sent[0].id, events: 4321, simMs: 1000, ms: 1000 });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('busy').textContent).toContain('4,321 events, 1 s so far. Your next move replaces this one.');
    act(() => {
      useStore.getState().setPrefs({ lang: 'zh' });
    });
    expect(screen.getByTestId('busy').textContent).toContain('正在重放历史');
    // a move is never handed to a standby worker: the next one waits for this one
    c.seek({ type: 'seekStep', step: 2 });
    expect(spawned).toHaveLength(0);
    primary.answer(stateFor(primary.sent[0].id));
    expect(screen.queryByTestId('busy')).toBeNull();
  });

  it('moves sent while one runs are merged: only the last one follows it', async () => {
    vi.useFakeTimers();
    const { c, primary } = client();
    c.seek({ type: 'seekStep', step: 5 });
    for (const step of [4, 3, 2, 1]) c.seek({ type: 'seekStep', step });
    expect(primary.sent.map((m) => m.req)).toEqual([{ type: 'seekStep', step: 5 }]);
    primary.answer(stateFor(primary.sent[0].id, { cursor: 5 }));
    await act(async () => {
      await Promise.resolve();
    });
    expect(primary.sent.map((m) => m.req)).toEqual([
      { type: 'seekStep', step: 5 },
      { type: 'seekStep', step: 1 },
    ]);
    expect(busyState()?.what).toBe('seekStep');
    primary.answer(stateFor(primary.sent[1].id, { cursor: 1 }));
    await act(async () => {
      await Promise.resolve();
    });
    expect(primary.sent).toHaveLength(2);
    expect(busyState()).toBeNull();
    expect(useStore.getState().cursor).toBe(1);
  });
});

describe('notices about saved work', () => {
  const aside = {
    kind: 'aside' as const,
    record: {
      id: 'b1',
      name: 'Broken',
      reason: { problem: { step: 0, field: 'do', code: 'unknownCommand', params: { command: 'explode' }, message: 'unknown command "explode"' } },
      at: 1,
    },
  };

  it('a record kept aside: named with the reason, exported as stored, deleted after a confirmation; English and Chinese', async () => {
    const { c, primary } = client();
    render(<Notices />);
    primary.answer(stateFor(0, { notices: [aside] }));
    const n = screen.getByTestId('notice-aside');
    expect(n.textContent).toContain('The saved cluster “Broken” could not be opened');
    expect(n.textContent).toContain('explode');
    expect(n.textContent).toContain('kept aside, unchanged');
    const created: Blob[] = [];
    URL.createObjectURL = ((b: Blob) => {
      created.push(b);
      return 'blob:x';
    }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByTestId('aside-export'));
    expect(primary.sent.at(-1)?.req).toEqual({ type: 'asideRecord', session: 'b1' });
    await act(async () => {
      primary.onmessage!({
        data: { type: 'record', id: primary.sent.at(-1)!.id, session: 'b1', record: { scenario: { steps: [{ do: 'explode' }] } } },
      } as MessageEvent);
    });
    expect(click).toHaveBeenCalled();
    expect(JSON.parse(await created[0].text())).toEqual({ scenario: { steps: [{ do: 'explode' }] } });
    fireEvent.click(screen.getByTestId('aside-delete'));
    fireEvent.click(screen.getByTestId('aside-delete-yes'));
    expect(primary.sent.at(-1)?.req).toEqual({ type: 'deleteAside', session: 'b1' });
    act(() => {
      useStore.getState().setPrefs({ lang: 'zh' });
    });
    primary.answer(stateFor(0, { notices: [aside] }));
    expect(screen.getAllByTestId('notice-aside').at(-1)!.textContent).toContain('无法打开保存的集群“Broken”');
    void c;
  });

  it('another tab, a copy, a kept future with Restore the other future', () => {
    const { primary } = client();
    render(<Notices />);
    primary.answer(stateFor(0, { readOnly: true, notices: [{ kind: 'otherTab', name: 'Cluster 1' }] }));
    expect(screen.getByTestId('notice-otherTab').textContent).toContain('“Cluster 1” is open in another tab');
    primary.answer(stateFor(0, { notices: [{ kind: 'copied', name: 'Cluster 1 (copy)', from: 'Cluster 1' }] }));
    expect(screen.getByTestId('notice-copied').textContent).toContain('Saved as a copy, “Cluster 1 (copy)”');
    primary.answer(
      stateFor(0, { notices: [{ kind: 'branch', branch: { id: 'f1', name: 'Cluster 1 · other future' }, dropped: 4, of: 'Cluster 1', step: 2 }] }),
    );
    expect(screen.getByTestId('notice-branch').textContent).toContain(
      'The 4 later commands are not lost: they are kept in Saved clusters as Other future of “Cluster 1” (from step 3).',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Restore the other future' }));
    expect(primary.sent.at(-1)?.req).toEqual({ type: 'switchSession', session: 'f1' });
    expect(screen.queryByTestId('notice-branch')).toBeNull();
  });
});
