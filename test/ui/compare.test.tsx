// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Compare } from '../../src/ui/views/Compare';
import { dump, setup } from './fixtures';

afterEach(cleanup);

describe('Compare', () => {
  it('asks the worker for a variant and shows both sides', async () => {
    const { sent, port } = setup({ cursor: 4 });
    render(<Compare />);
    fireEvent.change(screen.getByLabelText('Change'), { target: { value: 'acks' } });
    fireEvent.change(screen.getByLabelText('Value'), { target: { value: 'all' } });
    fireEvent.click(screen.getByRole('button', { name: 'Replay' }));
    expect(sent).toEqual([{ type: 'variant', patch: { kind: 'acks', value: 'all' }, step: 1 }]);
    const variant = dump({
      producers: { 'producer-1': { acked: [], ackedCount: 0, failed: [{ topic: 'orders', partition: 0, error: 'NOT_ENOUGH_REPLICAS' }], failedCount: 1 } },
    });
    await act(async () => {
      port.onmessage!({ data: { type: 'variant', id: 1, dump: variant, events: [] } } as MessageEvent);
    });
    const c = screen.getByTestId('compare');
    expect(c.textContent).toContain('This session');
    expect(c.textContent).toContain('With: acks = all');
    expect(c.textContent).toContain('0 record(s) acknowledged, 1 failed');
  });
});
