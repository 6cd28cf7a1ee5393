// @vitest-environment jsdom
// The lesson picker, progress, the narration panel's predict-then-reveal, and the Embed dialog (issue 6).
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../../src/scenario/types';
import { EngineClient, setClient, type PortLike } from '../../src/ui/client';
import { Header } from '../../src/ui/Header';
import { embedSnippet, EmbedDialog } from '../../src/ui/lessons/EmbedDialog';
import { LessonPanel } from '../../src/ui/lessons/LessonPanel';
import { LessonPicker } from '../../src/ui/lessons/LessonPicker';
import { PROGRESS_KEY, useProgress } from '../../src/ui/lessons/progress';
import { forwardTo } from '../../src/ui/lessons/predict';
import { stepsAtCursor } from '../../src/ui/lessons/useLessons';
import { stepTarget } from '../../src/ui/actions';
import { usePlayer } from '../../src/ui/Timeline';
import { fetchScenario } from '../../src/ui/params';
import { useStore } from '../../src/ui/store';
import type { WorkerRequest } from '../../src/worker/protocol';
import { dump, events, setup } from './fixtures';

const INDEX = [
  { id: 'lesson-a', group: 'replication', minutes: 5, title: { en: 'Lesson A', zh: '课程甲' }, summary: { en: 'About A.', zh: '关于甲。' } },
  { id: 'lesson-b', group: 'replication', minutes: 7, title: { en: 'Lesson B <b>bold</b>', zh: '课程乙' }, summary: { en: 'About B.', zh: '关于乙。' } },
  { id: 'lesson-c', group: 'storage', minutes: 3, title: { en: 'Lesson C', zh: '课程丙' }, summary: { en: 'About C.', zh: '关于丙。' } },
];

/** A lesson whose step 1 is a checkpoint; step 2 (an expect, no events) ends where step 1 ends. */
function lessonScenario(id = 'lesson-a'): Scenario {
  return {
    version: 1,
    id,
    seed: 1,
    mode: 'zookeeper',
    brokers: [1, 2, 3],
    config: {},
    title: { en: 'Lesson A', zh: '课程甲' },
    steps: [
      { do: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3, say: { en: 'Make a topic.', zh: '创建主题。' } },
      { do: 'produce', topic: 'orders', count: 5, label: 'predict', say: { en: 'Predict: where do they go?', zh: '预测：它们去哪儿？' } },
      { do: 'expect', path: 'time', equals: 1, label: 'reveal', say: { en: 'They went to partition 0.', zh: '它们进入了分区 0。' } },
      { do: 'isolate', broker: 2, from: [3], say: { en: 'Cut a link.', zh: '切断一条链路。' } },
    ],
  };
}

let fetched: string[] = [];
function stubFetch(opts: { failIndex?: boolean } = {}) {
  fetched = [];
  const f = vi.fn(async (url: string) => {
    fetched.push(String(url));
    const u = new URL(String(url));
    if (u.pathname.endsWith('/lessons/index.json')) {
      return opts.failIndex ? { ok: false, status: 503, text: async () => '' } : { ok: true, status: 200, text: async () => JSON.stringify(INDEX) };
    }
    const m = /\/lessons\/([a-z-]+)\.json$/.exec(u.pathname);
    if (m && INDEX.some((e) => e.id === m[1])) return { ok: true, status: 200, text: async () => JSON.stringify(lessonScenario(m[1])) };
    if (u.pathname.endsWith('/scenarios/index.json')) return { ok: true, status: 200, text: async () => '[{"id":"builtin-one"}]' };
    return { ok: false, status: 404, text: async () => 'not found' };
  });
  vi.stubGlobal('fetch', f);
  return f;
}

/** A worker port that answers every load with a state for the loaded scenario. */
function answeringClient() {
  const sent: WorkerRequest[] = [];
  const port: PortLike = {
    onmessage: null,
    postMessage: (m) => {
      const { id, req } = m as { id: number; req: WorkerRequest };
      sent.push(req);
      if (req.type === 'load') {
        const scenario = req.scenario as Scenario;
        queueMicrotask(() =>
          port.onmessage?.({
            data: {
              type: 'state',
              id,
              scenario,
              events: events(),
              traceVersion: 9,
              stepEnds: [1, 4, 4, 6],
              cursor: -1,
              minCursor: -1,
              dump: dump(),
              failures: [],
            },
          } as MessageEvent),
        );
      }
    },
  };
  setClient(new EngineClient(port));
  return sent;
}

beforeEach(() => {
  localStorage.clear();
  useProgress.getState().reload();
  history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the lesson catalogue and built-in ids', () => {
  it('a built-in id that lessons/index.json lists is read from lessons/, any other from scenarios/', async () => {
    stubFetch();
    const f = globalThis.fetch;
    const a = await fetchScenario('lesson-c', 'http://h/sub/index.html?x=1', f);
    expect(a.ok).toBe(true);
    expect(fetched).toContain('http://h/sub/lessons/lesson-c.json');
    fetched.length = 0;
    await fetchScenario('acks-all-failover', 'http://h/sub/', f);
    expect(fetched).toContain('http://h/sub/scenarios/acks-all-failover.json');
  });

  it('splits the timeline into narration: steps without events share their position', () => {
    const t = { events: events(), cursor: 4, minCursor: -1, stepEnds: [1, 4, 4, 6] };
    expect(stepsAtCursor(t)).toEqual([1, 2]);
    expect(stepsAtCursor({ ...t, cursor: 3 })).toEqual([1]);
    expect(stepsAtCursor({ ...t, cursor: -1 })).toEqual([]);
  });
});

describe('the lesson picker', () => {
  it('lists the lessons grouped by topic with title, summary, minutes and progress, in English and Chinese', async () => {
    stubFetch();
    setup();
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ 'lesson-a': { step: 3, steps: 4, done: true }, 'lesson-b': { step: 2, steps: 10, done: false } }));
    useProgress.getState().reload();
    await act(async () => {
      render(<LessonPicker onClose={() => undefined} />);
    });
    const dlg = await screen.findByRole('dialog', { name: 'Guided lessons' });
    await within(dlg).findByText('Lesson A');
    expect(
      within(dlg)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Replication', 'Storage on disk']);
    const a = screen.getByTestId('lesson-lesson-a');
    expect(a.textContent).toContain('About A.');
    expect(a.textContent).toContain('5 min');
    expect(within(a).getByTestId('lesson-progress').textContent).toBe('✓ Completed');
    expect(a.getAttribute('data-progress')).toBe('done');
    expect(within(screen.getByTestId('lesson-lesson-b')).getByTestId('lesson-progress').textContent).toBe('Step 3 of 10 reached');
    expect(within(screen.getByTestId('lesson-lesson-c')).getByTestId('lesson-progress').textContent).toBe('Not started');
    expect(screen.getByTestId('lessons-overall').textContent).toBe('1 of 3 lessons completed');
    // scenario text is text: the <b> in a title is not markup
    expect(screen.getByText('Lesson B <b>bold</b>')).toBeTruthy();
    expect(dlg.querySelector('b')).toBeNull();
    act(() => useStore.getState().setPrefs({ lang: 'zh' }));
    expect(screen.getByRole('dialog', { name: '引导课程' })).toBeTruthy();
    expect(screen.getByText('课程乙')).toBeTruthy();
    expect(screen.getByText('副本复制')).toBeTruthy();
    expect(within(screen.getByTestId('lesson-lesson-a')).getByTestId('lesson-progress').textContent).toBe('✓ 已完成');
    expect(screen.getByTestId('lesson-lesson-a').textContent).toContain('5 分钟');
  });

  it('Start loads lessons/<id>.json at step 0, Resume after the furthest step; the URL names the lesson', async () => {
    stubFetch();
    setup();
    const sent = answeringClient();
    localStorage.setItem(PROGRESS_KEY, JSON.stringify({ 'lesson-b': { step: 2, steps: 4, done: false } }));
    useProgress.getState().reload();
    const onClose = vi.fn();
    await act(async () => {
      render(<LessonPicker onClose={onClose} />);
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Start: Lesson C' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(fetched.some((u) => u.endsWith('/lessons/lesson-c.json'))).toBe(true);
    expect(sent[0]).toMatchObject({ type: 'load', step: 0, scenario: { id: 'lesson-c' } });
    expect(new URLSearchParams(location.search).get('scenario')).toBe('lesson-c');
    fireEvent.click(screen.getByRole('button', { name: 'Resume at step 3: Lesson B <b>bold</b>' }));
    await waitFor(() => expect(sent.length).toBe(2));
    expect(sent[1]).toMatchObject({ type: 'load', step: 3, scenario: { id: 'lesson-b' } });
  });

  it('a list or a lesson that cannot be loaded is reported, translated', async () => {
    stubFetch({ failIndex: true });
    setup({ lang: 'zh' });
    await act(async () => {
      render(<LessonPicker onClose={() => undefined} />);
    });
    expect((await screen.findByTestId('lessons-error')).textContent).toBe('无法加载课程列表（HTTP 503）。');
    act(() => useStore.getState().setPrefs({ lang: 'en' }));
    expect(screen.getByTestId('lessons-error').textContent).toBe('The list of lessons could not be loaded (HTTP 503).');
  });

  it('is a keyboard-friendly dialog: focus inside, Escape closes, arrows do not move the timeline', async () => {
    stubFetch();
    const { sent } = setup();
    const onClose = vi.fn();
    await act(async () => {
      render(<LessonPicker onClose={onClose} />);
    });
    await screen.findByText('Lesson A');
    const dlg = screen.getByRole('dialog');
    expect(dlg.getAttribute('aria-modal')).toBe('true');
    expect(dlg.contains(document.activeElement)).toBe(true);
    const onWindowKey = vi.fn();
    window.addEventListener('keydown', onWindowKey);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    window.removeEventListener('keydown', onWindowKey);
    expect(onWindowKey).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(sent).toEqual([]);
  });

  it('the header opens the picker and the embed dialog in the full app, not in the embedded player', async () => {
    stubFetch();
    setup();
    const { unmount } = render(<Header />);
    fireEvent.click(screen.getByRole('button', { name: /Lessons/ }));
    expect(await screen.findByRole('dialog', { name: 'Guided lessons' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Embed/ }));
    expect(await screen.findByRole('dialog', { name: 'Embed in a course page' })).toBeTruthy();
    unmount();
    act(() => useStore.getState().setLayout('player', useStore.getState().views));
    render(<Header />);
    expect(screen.queryByRole('button', { name: /Lessons/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Embed/ })).toBeNull();
  });
});

describe('the narration panel', () => {
  function openLessonAt(cursor: number) {
    const out = setup({ cursor });
    act(() => useStore.setState({ scenario: lessonScenario(), stepEnds: [1, 4, 4, 6], minCursor: -1 }));
    return out;
  }

  it('records the furthest step and completion per lesson in localStorage, and marks a completed lesson', async () => {
    stubFetch();
    openLessonAt(1);
    await act(async () => {
      render(<LessonPanel />);
    });
    await waitFor(() => expect(screen.getByTestId('lesson-panel').getAttribute('data-lesson')).toBe('lesson-a'));
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY)!)).toEqual({ 'lesson-a': { step: 0, steps: 4, done: false } });
    act(() => useStore.setState({ cursor: 4 }));
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY)!)['lesson-a']).toEqual({ step: 2, steps: 4, done: false });
    act(() => useStore.setState({ cursor: 1 })); // going back keeps the furthest step
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY)!)['lesson-a'].step).toBe(2);
    expect(screen.queryByTestId('lesson-done')).toBeNull();
    act(() => useStore.setState({ cursor: 6 }));
    expect(JSON.parse(localStorage.getItem(PROGRESS_KEY)!)['lesson-a']).toEqual({ step: 3, steps: 4, done: true });
    expect(screen.getByTestId('lesson-done').textContent).toBe('✓ Completed');
    expect(screen.getByTestId('lesson-end').textContent).toBe('End of the lesson.');
    // survives a reload of the page's state
    act(() => {
      useProgress.setState({ progress: {} });
      useProgress.getState().reload();
    });
    expect(useProgress.getState().progress['lesson-a'].done).toBe(true);
  });

  it('stepping into a prediction holds the picture before it; Reveal goes to the answering step and shows what happened', async () => {
    stubFetch();
    const { sent } = openLessonAt(1);
    await act(async () => {
      render(<LessonPanel />);
    });
    await waitFor(() => expect(screen.getByTestId('lesson-panel').getAttribute('data-lesson')).toBe('lesson-a'));
    expect(screen.getByTestId('lesson-say').textContent).toBe('Make a topic.');
    act(() => forwardTo(stepTarget(1))); // » : step 1 would show its records: the picture stays at step 0's end
    expect(sent).toEqual([]);
    const form = screen.getByRole('form', { name: 'Predict, then reveal' });
    expect(screen.getByTestId('lesson-say').textContent).toBe('Predict: where do they go?');
    expect(screen.getByTestId('lesson-step').textContent).toBe('Step 2 of 4');
    expect(screen.getByTestId('lesson-panel').getAttribute('data-predict')).toBe('1');
    act(() => forwardTo(stepTarget(1))); // pressing » again does not get past it
    expect(sent).toEqual([]);
    fireEvent.change(within(form).getByLabelText('Your prediction (optional)'), { target: { value: 'partition <i>0</i>' } });
    fireEvent.submit(form); // Enter in the field
    expect(sent).toEqual([{ type: 'seek', cursor: 4 }]); // the end of step 2, labelled reveal
    act(() => useStore.setState({ cursor: 4 })); // the worker answered
    expect(screen.queryByRole('form', { name: 'Predict, then reveal' })).toBeNull();
    expect(screen.getByTestId('lesson-say').textContent).toBe('They went to partition 0.');
    expect(screen.getByTestId('lesson-guess').textContent).toBe('You predicted: partition <i>0</i>');
    expect(useStore.getState().predict.answers[1]).toEqual({ answer: 'partition <i>0</i>' });
    act(() => useStore.setState({ cursor: 1 }));
    act(() => forwardTo(stepTarget(1))); // answered: no second stop
    expect(sent[sent.length - 1]).toEqual({ type: 'seek', cursor: 4 });
  });

  it('a multiple choice: Reveal waits for a pick; the feedback of the pick, and the right answer when it was wrong; Chinese', async () => {
    stubFetch();
    const { sent } = openLessonAt(1);
    const s = lessonScenario();
    s.steps[1] = {
      ...s.steps[1],
      choices: [
        { text: { en: 'Partition 0', zh: '分区 0' }, feedback: { en: 'The producer named partition 0.', zh: '生产者指定了分区 0。' } },
        {
          text: { en: 'Spread over all three', zh: '分散到三个分区' },
          feedback: { en: 'Only without a partition and a key.', zh: '只有既不指定分区也没有 key 时才会。' },
        },
      ],
      answer: 0,
    };
    act(() => useStore.setState({ scenario: s }));
    await act(async () => {
      render(<LessonPanel />);
    });
    await waitFor(() => expect(screen.getByTestId('lesson-panel').getAttribute('data-lesson')).toBe('lesson-a'));
    act(() => useStore.getState().setPrefs({ lang: 'zh' }));
    act(() => forwardTo(stepTarget(1)));
    const form = screen.getByRole('form', { name: '先预测，再揭晓' });
    const reveal = within(form).getByRole('button', { name: '揭晓 →' }) as HTMLButtonElement;
    expect(reveal.disabled).toBe(true);
    expect(screen.queryByText('生产者指定了分区 0。')).toBeNull(); // no feedback before the answer
    fireEvent.click(within(form).getByRole('radio', { name: '分散到三个分区' }));
    expect(reveal.disabled).toBe(false);
    fireEvent.click(reveal);
    expect(sent).toEqual([{ type: 'seek', cursor: 4 }]);
    act(() => useStore.setState({ cursor: 4 }));
    const fb = screen.getByTestId('lesson-feedback');
    expect(fb.getAttribute('data-correct')).toBe('false');
    expect(fb.textContent).toBe('✗ 不太对。 答案是：分区 0。 只有既不指定分区也没有 key 时才会。');
    expect(useStore.getState().predict.answers[1]).toEqual({ answer: 1, correct: false });
  });

  it('playback dwells on a caption, then stops at a prediction without showing its step', async () => {
    stubFetch();
    vi.useFakeTimers();
    try {
      const { sent } = openLessonAt(1);
      function Player() {
        usePlayer();
        return null;
      }
      render(
        <>
          <Player />
          <LessonPanel />
        </>,
      );
      await act(async () => {
        await vi.advanceTimersByTimeAsync(10);
      });
      act(() => useStore.setState({ playing: true }));
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1900);
      }); // "Make a topic." is read for 2 s
      expect(useStore.getState().playing).toBe(true);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(200);
      });
      expect(useStore.getState().playing).toBe(false);
      expect(sent).toEqual([]); // the picture stays at step 0's end
      expect(screen.getByTestId('lesson-panel').getAttribute('data-predict')).toBe('1');
    } finally {
      vi.useRealTimers();
    }
  });

  it('a prediction whose own effect is the situation (freeze "after") asks at its end; one that was skipped to does not ask', async () => {
    stubFetch();
    openLessonAt(4);
    const s = lessonScenario();
    await act(async () => {
      render(<LessonPanel />);
    });
    await waitFor(() => expect(screen.getByTestId('lesson-panel').getAttribute('data-lesson')).toBe('lesson-a'));
    // opened past a "before" prediction (a link to step 3): its narration, no question
    expect(screen.queryByTestId('predict')).toBeNull();
    expect(screen.getByTestId('lesson-say').textContent).toBe('Predict: where do they go?They went to partition 0.');
    s.steps[1] = { ...s.steps[1], freeze: 'after' };
    act(() => useStore.setState({ scenario: s }));
    expect(screen.getByTestId('predict')).toBeTruthy();
    expect(screen.getByTestId('lesson-say').textContent).toBe('Predict: where do they go?');
  });

  it('shows nothing for a scenario without narration that is not a lesson', async () => {
    stubFetch();
    setup();
    const plain = { ...lessonScenario('plain'), steps: lessonScenario().steps.map(({ say: _say, ...rest }) => rest) } as Scenario;
    act(() => useStore.setState({ scenario: plain }));
    await act(async () => {
      render(<LessonPanel />);
    });
    expect(screen.queryByTestId('lesson-panel')).toBeNull();
  });
});

describe('the home page', () => {
  it('an empty cluster in the full app invites to the lessons, which opens the picker; not in the player', async () => {
    stubFetch();
    setup();
    act(() => useStore.setState({ scenario: { ...lessonScenario('my-cluster'), steps: [] } }));
    await act(async () => {
      render(
        <>
          <Header />
          <LessonPanel />
        </>,
      );
    });
    fireEvent.click(within(screen.getByTestId('lesson-invite')).getByRole('button', { name: 'Browse the lessons' }));
    expect(await screen.findByRole('dialog', { name: 'Guided lessons' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    act(() => useStore.getState().setPrefs({ lang: 'zh' }));
    expect(within(screen.getByTestId('lesson-invite')).getByRole('button', { name: '浏览课程' })).toBeTruthy();
    act(() => useStore.getState().setLayout('player', useStore.getState().views));
    expect(screen.queryByTestId('lesson-invite')).toBeNull();
  });

  it('the first-run path: the invitation starts the first lesson of the index', async () => {
    stubFetch();
    setup();
    const sent = answeringClient();
    act(() => useStore.setState({ scenario: { ...lessonScenario('my-cluster'), steps: [] } }));
    await act(async () => {
      render(<LessonPanel />);
    });
    const start = await within(screen.getByTestId('lesson-invite')).findByRole('button', { name: 'Start with “Lesson A” (5 min)' });
    fireEvent.click(start);
    await waitFor(() => expect(sent[0]).toMatchObject({ type: 'load', step: 0, scenario: { id: 'lesson-a' } }));
  });
});

describe('the Embed dialog', () => {
  it('gives the iframe snippet for the current lesson and step, as text, with a copy button', async () => {
    stubFetch();
    setup({ cursor: 4 });
    act(() => useStore.setState({ scenario: lessonScenario('lesson-b'), stepEnds: [1, 4, 4, 6], minCursor: -1 }));
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    await act(async () => {
      render(<EmbedDialog onClose={() => undefined} />);
    });
    const want =
      '<iframe src="http://localhost:3000/embed.html?scenario=lesson-b&lang=en&step=3" width="960" height="600" title="Kafka Anatomy" style="border:0"></iframe>';
    await waitFor(() => expect((screen.getByTestId('embed-snippet') as HTMLTextAreaElement).value).toBe(want));
    expect(screen.getByRole('dialog', { name: 'Embed in a course page' }).textContent).toContain('opens “Lesson A” at step 3, in English');
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(screen.getByTestId('embed-copy-status').textContent).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith(want);
    act(() => useStore.getState().setPrefs({ lang: 'zh' }));
    expect((screen.getByTestId('embed-snippet') as HTMLTextAreaElement).value).toContain('lang=zh&step=3');
    expect(screen.getByRole('button', { name: '复制' })).toBeTruthy();
  });

  it('says so when copying is refused, and when the scenario is not built in', async () => {
    stubFetch();
    setup();
    act(() => useStore.setState({ scenario: { ...lessonScenario('my-own'), title: '<img src=x onerror=alert(1)>' } }));
    vi.stubGlobal('navigator', {
      ...navigator,
      clipboard: {
        writeText: async () => {
          throw new Error('denied');
        },
      },
    });
    await act(async () => {
      render(<EmbedDialog onClose={() => undefined} />);
    });
    expect((await screen.findByTestId('embed-not-builtin')).textContent).toContain('“my-own”');
    expect((screen.getByTestId('embed-snippet') as HTMLTextAreaElement).value).toContain('scenario=your-scenario.json');
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(screen.getByTestId('embed-copy-status').textContent).toBe('Copying is not allowed here: select the text and copy it yourself.'));
    expect(document.querySelector('img')).toBeNull();
  });

  it('says so, with the text selected, when the clipboard never answers (headless Chromium left a write pending)', async () => {
    stubFetch();
    setup();
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: () => new Promise(() => undefined) } });
    await act(async () => {
      render(<EmbedDialog onClose={() => undefined} />);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(
      () => expect(screen.getByTestId('embed-copy-status').textContent).toBe('Copying is not allowed here: select the text and copy it yourself.'),
      {
        timeout: 5000,
      },
    );
    expect(document.activeElement).toBe(screen.getByTestId('embed-snippet'));
  });

  it('sets scenario, language, controls, views, autoplay, speed, theme and size; the preview frame follows', async () => {
    stubFetch();
    setup({ cursor: 4 });
    act(() => useStore.setState({ scenario: lessonScenario('lesson-b'), stepEnds: [1, 4, 4, 6], minCursor: -1 }));
    await act(async () => {
      render(<EmbedDialog onClose={() => undefined} />);
    });
    const snippet = () => (screen.getByTestId('embed-snippet') as HTMLTextAreaElement).value;
    const preview = () => (screen.getByTestId('embed-preview') as HTMLIFrameElement).getAttribute('src');
    await waitFor(() => expect(preview()).toBe('http://localhost:3000/embed.html?scenario=lesson-b&lang=en&step=3'));
    fireEvent.change(screen.getByTestId('embed-lang'), { target: { value: 'zh' } });
    fireEvent.change(screen.getByTestId('embed-controls'), { target: { value: 'none' } });
    fireEvent.change(screen.getByTestId('embed-theme'), { target: { value: 'dark' } });
    fireEvent.change(screen.getByTestId('embed-speed'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('embed-autoplay'));
    for (const v of ['lookup', 'placement', 'groups', 'compare', 'metrics', 'failover', 'events'])
      fireEvent.click(screen.getByTestId('embed-views').querySelector(`[data-view="${v}"]`)!);
    fireEvent.click(screen.getByRole('button', { name: '390 × 700' }));
    const src = 'http://localhost:3000/embed.html?scenario=lesson-b&lang=zh&step=3&controls=none&views=cluster,log&autoplay=1&speed=2&theme=dark';
    expect(snippet()).toBe(`<iframe src="${src}" width="390" height="700" title="Kafka Anatomy" style="border:0"></iframe>`);
    expect(preview()).toBe(src);
    const frame = screen.getByTestId('embed-preview') as HTMLIFrameElement;
    expect([frame.width, frame.height]).toEqual(['390', '700']);
    // the last view cannot be unticked; another scenario starts at its step 0; none gives the empty cluster
    fireEvent.click(screen.getByTestId('embed-views').querySelector('[data-view="log"]')!);
    fireEvent.click(screen.getByTestId('embed-views').querySelector('[data-view="cluster"]')!);
    expect(snippet()).toContain('views=cluster&');
    fireEvent.change(screen.getByTestId('embed-scenario'), { target: { value: 'lesson-a' } });
    expect(snippet()).toContain('?scenario=lesson-a&lang=zh&step=0&');
    fireEvent.change(screen.getByTestId('embed-scenario'), { target: { value: '' } });
    expect(preview()).toBe('http://localhost:3000/embed.html?lang=zh&controls=none&views=cluster&autoplay=1&speed=2&theme=dark');
    expect(screen.getByRole('dialog').textContent).toContain('the frame will show an empty cluster');
  });

  it('builds the snippet from the page folder, whatever the page URL', () => {
    expect(embedSnippet('https://c.example/courses/kafka/index.html?scenario=x#s=1', 'acks', 'zh', 0)).toBe(
      '<iframe src="https://c.example/courses/kafka/embed.html?scenario=acks&lang=zh&step=0" width="960" height="600" style="border:0"></iframe>',
    );
    expect(embedSnippet('https://c.example/k/', null, 'en', 4)).toBe(
      '<iframe src="https://c.example/k/embed.html?lang=en" width="960" height="600" style="border:0"></iframe>',
    );
  });
});
