// @vitest-environment jsdom
// The worker's first state mounts the whole page: a task of 60-250 ms per lesson opened when it was rendered in one
// piece (issue 13, the long tasks). App mounts the page from a deferred `ready`, so that React renders it as a
// transition, in slices between which the browser runs other tasks, rather than inside the synchronous render that
// a store update gets (zustand's useSyncExternalStore); and the panels around the stage (the controls, the event log)
// a frame after it, so that the first state's commit, style and layout are two frames of half the page each.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import { useStore } from '../../src/ui/store';
import { setup } from './fixtures';

const g = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
const actEnv = g.IS_REACT_ACT_ENVIRONMENT;

afterEach(() => {
  g.IS_REACT_ACT_ENVIRONMENT = actEnv;
  cleanup();
});

describe("the page's first state", () => {
  it('is not drawn in the store update’s synchronous render, but right after it', async () => {
    setup();
    useStore.setState({ ready: false });
    render(<App />);
    expect(screen.getAllByRole('status').some((e) => e.textContent === 'Starting the simulation…')).toBe(true);
    // as in the browser: no act() flushing every lane at once
    g.IS_REACT_ACT_ENVIRONMENT = false;
    useStore.setState({ ready: true });
    // the synchronous lane is rendered and committed in a microtask: the header and the timeline have the state
    await Promise.resolve();
    await Promise.resolve();
    expect(screen.getByTestId('position').textContent).toContain('Event 7 of 7');
    expect(screen.queryByTestId('stage')).toBeNull();
    // the page itself follows, from a render of its own (a transition: React yields between its slices)
    await waitFor(() => expect(screen.getByTestId('stage')).toBeTruthy(), { timeout: 30_000 }); // jsdom under load: seconds
    expect(screen.getByTestId('broker-1')).toBeTruthy();
    // the panels around the stage in a frame of their own (in the stage's, a 50-90 ms task on a loaded machine)
    expect(screen.queryByLabelText('Controls')).toBeNull();
    expect(document.querySelector('.event-log')).toBeNull();
    // empty boxes hold their columns meanwhile (an empty side column is hidden: the stage would widen for a frame)
    expect(document.querySelector('.main > .controls')).toBeTruthy();
    expect(document.querySelector('.side > .slot-side')).toBeTruthy();
    expect(await screen.findByLabelText('Controls', undefined, { timeout: 30_000 })).toBeTruthy();
    await waitFor(() => expect(document.querySelector('.event-log')).toBeTruthy(), { timeout: 30_000 });
  });
});
