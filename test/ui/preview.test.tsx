// @vitest-environment jsdom
// While a heavy scenario's steps run, the page shows its start (a preview state, issue 13): Play waits, the busy bar
// says the lesson is running and the first step is shown meanwhile, and moves asked for meanwhile are not lost:
// they are made, in order, once the whole trace arrives. The lesson's progress is not recorded from a preview.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineClient, setClient, type PortLike } from '../../src/ui/client';
import { Timeline, useTimelineKeys } from '../../src/ui/Timeline';
import { Notices } from '../../src/ui/sessions/Notices';
import { useStore } from '../../src/ui/store';
import type { WorkerRequest, WorkerState } from '../../src/worker/protocol';
import { dump, events, scenario, setup } from './fixtures';

function Page() {
  useTimelineKeys();
  return (
    <>
      <Notices />
      <Timeline />
    </>
  );
}

function worker() {
  const sent: { id: number; req: WorkerRequest }[] = [];
  const port: PortLike = {
    onmessage: null,
    postMessage: (m) => {
      sent.push(m as { id: number; req: WorkerRequest });
    },
  };
  const c = new EngineClient(port, () => ({ onmessage: null, postMessage: () => undefined }));
  setClient(c);
  const answer = (res: WorkerState) =>
    act(() => {
      port.onmessage?.({ data: res } as MessageEvent);
    });
  return { c, sent, answer, port };
}

const boot = events().slice(0, 2);
const state = (over: Partial<WorkerState>): WorkerState => ({
  type: 'state',
  id: 0,
  scenario: scenario(),
  traceVersion: 2,
  cursor: 1,
  minCursor: 1,
  dump: dump(),
  failures: [],
  ...over,
});

beforeEach(() => setup());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('a preview of a heavy scenario', () => {
  it('holds Play and the moves asked for meanwhile, then makes them once the whole trace arrives', async () => {
    vi.useFakeTimers();
    const { c, sent, answer } = worker();
    void c.request({ type: 'load', scenario: {}, step: 0 });
    const load = sent[0].id;
    answer(state({ preview: true, events: boot, stepEnds: [] }));
    render(<Page />);
    expect(useStore.getState().preview).toBe(true);
    expect(screen.getByTestId('play').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('position').getAttribute('data-preview')).toBe('true');
    // the start, no step narrated yet (as the whole trace shows it)
    expect(screen.getByTestId('position').textContent).toContain('Start: the cluster is up');
    expect(screen.getByTestId('position').textContent).not.toMatch(/Step \d+ of/);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('busy').textContent).toContain('Running the lesson');
    expect(screen.getByTestId('busy').textContent).toContain('first step is shown meanwhile');
    // the page has drawn the preview (and settled): the worker's load may go on, told once
    expect(sent.map((m) => m.req.type)).toEqual(['load', 'previewDrawn']);
    // Shift+→ (the next step's end), then End: nothing is sent while the trace is not there
    fireEvent.keyDown(window, { key: 'ArrowRight', shiftKey: true });
    fireEvent.keyDown(window, { key: 'End' });
    expect(sent.map((m) => m.req.type)).toEqual(['load', 'previewDrawn']);
    sent.splice(1, 1);
    // the whole trace: the held moves go out to this worker (not a standby), the first computed from the whole trace
    // (the next step's end after the start is event 4)
    answer(state({ id: load, traceVersion: 3, events: events(), stepEnds: [1, 4, 6] }));
    await act(async () => undefined);
    expect(useStore.getState().preview).toBe(false);
    expect(screen.getByTestId('play').hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('position').hasAttribute('data-preview')).toBe(false);
    const moves = sent.slice(1).map((m) => m.req);
    expect(moves[0]).toEqual({ type: 'seek', cursor: 4 });
    // one move at a time: the End waits for the first to be answered, then goes
    answer(state({ id: sent[1].id, traceVersion: 3, cursor: 4 }));
    await act(async () => undefined);
    expect(sent.slice(2).map((m) => m.req)).toEqual([{ type: 'seek', cursor: events().length - 1 }]);
  });

  it("re-renders nothing at the worker's progress reports (the page's first render, in slices, is not restarted)", () => {
    vi.useFakeTimers();
    const { c, sent, answer, port } = worker();
    void c.request({ type: 'load', scenario: {}, step: 0 });
    answer(state({ preview: true, events: boot, stepEnds: [] }));
    let commits = 0;
    render(
      <Profiler id="notices" onRender={() => commits++}>
        <Notices />
      </Profiler>,
    );
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('busy').textContent).toContain('Running the lesson: 1 s');
    const before = commits;
    const progress = (events: number) =>
      act(() => {
        port.onmessage?.({ data: { type: 'progress', id: sent[0].id, events, simMs: events, ms: 1 } } as MessageEvent);
      });
    progress(50_000);
    progress(90_000);
    expect(commits).toBe(before);
    // the seconds still count
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('busy').textContent).toContain('Running the lesson: 2 s');
    expect(commits).toBe(before + 1);
    answer(state({ id: sent[0].id, traceVersion: 3, events: events(), stepEnds: [1, 4, 6] })); // not busy after
  });

  it('says so in Chinese too', () => {
    vi.useFakeTimers();
    useStore.getState().setPrefs({ lang: 'zh' });
    const { c, sent, answer } = worker();
    void c.request({ type: 'restore', fallback: {}, scenario: {} });
    answer(state({ preview: true, events: boot, stepEnds: [] }));
    render(<Page />);
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByTestId('busy').textContent).toContain('正在运行本课');
    expect(screen.getByTestId('busy').textContent).toContain('先显示第一步');
    answer(state({ id: sent[0].id, traceVersion: 3, events: events(), stepEnds: [1, 4, 6] })); // not busy after
  });
});
