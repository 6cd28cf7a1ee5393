// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { exportText } from '../../src/ui/actions';
import { App } from '../../src/ui/App';
import { ErrorBoundary, Errors } from '../../src/ui/Errors';
import { Header } from '../../src/ui/Header';
import { useStore } from '../../src/ui/store';
import { dump, setup } from './fixtures';

afterEach(cleanup);

describe('errors', () => {
  it('shows a validation problem translated, naming the step and field', () => {
    setup();
    useStore
      .getState()
      .addError({ kind: 'problem', problem: { step: 3, field: 'broker', code: 'unknownName', params: { kind: 'broker', name: 7 }, message: 'x' } });
    render(<Errors />);
    expect(screen.getByTestId('error').textContent).toBe('This scenario is invalid: Step 4, field “broker”: there is no broker 7');
    act(() => useStore.getState().setPrefs({ lang: 'zh' }));
    expect(screen.getByTestId('error').textContent).toBe('该场景无效：第 4 步，字段“broker”：不存在 Broker 7');
  });

  it('names a bad URL parameter', () => {
    setup();
    useStore.getState().addError({ kind: 'param', name: 'theme', code: 'paramBadValue', value: 'pink', allowed: 'light, dark' });
    render(<Errors />);
    expect(screen.getByTestId('error').textContent).toBe('URL parameter “theme”: “pink” is not one of light, dark');
  });

  it('shows what Kafka refused (state errors) without blocking', () => {
    setup({ cursor: 3, d: dump({ errors: [{ step: 1, do: 'createTopic', error: 'INVALID_REPLICATION_FACTOR' }] }) });
    render(<Errors />);
    expect(screen.getByText(/Kafka refused: INVALID_REPLICATION_FACTOR \(step 1, createTopic\)/)).toBeTruthy();
    act(() => useStore.setState({ cursor: 6 })); // a later step: the refusal is history
    expect(screen.queryByText(/Kafka refused/)).toBeNull();
  });

  it('the error boundary keeps the page from going blank', () => {
    const Boom = () => {
      throw new Error('kaput');
    };
    const orig = console.error;
    console.error = () => undefined;
    try {
      render(
        <ErrorBoundary>
          <Boom />
        </ErrorBoundary>,
      );
    } finally {
      console.error = orig;
    }
    expect(screen.getByRole('alert').textContent).toContain('kaput');
  });
});

describe('export and import', () => {
  it('exports the session as scenario JSON', () => {
    setup();
    const json = JSON.parse(exportText());
    expect(json).toMatchObject({ version: 1, id: 'test', seed: 1, mode: 'zookeeper', brokers: [1, 2, 3] });
    expect(json.steps.length).toBe(3);
  });

  it('imports a file: valid JSON goes to the worker, broken JSON is reported', async () => {
    const { sent } = setup();
    render(<Header />);
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    const good = new File([JSON.stringify({ version: 1, id: 'x', steps: [] })], 'x.json', { type: 'application/json' });
    fireEvent.change(input, { target: { files: [good] } });
    await waitFor(() => expect(sent).toEqual([{ type: 'load', scenario: { version: 1, id: 'x', steps: [] }, step: 0, persist: true, name: 'x' }]));
    const bad = new File(['{oops'], 'bad.json', { type: 'application/json' });
    fireEvent.change(input, { target: { files: [bad] } });
    await waitFor(() => expect(useStore.getState().errors[0]?.kind).toBe('import'));
  });

  it('renders the whole app in 960×600-sized pieces without crashing', async () => {
    setup();
    render(<App />);
    expect(await screen.findByLabelText('Controls', undefined, { timeout: 30_000 })).toBeTruthy(); // a frame after the stage (jsdom under load: seconds)
    expect(screen.getByRole('tablist')).toBeTruthy();
  });
});
