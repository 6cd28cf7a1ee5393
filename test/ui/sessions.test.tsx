// @vitest-environment jsdom
// The "Saved clusters" dialog: lists names and dates, switches, renames, deletes after a confirmation, closes on
// Escape; a full quota shows the translated message in the error area.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionsButton } from '../../src/ui/sessions/SessionsButton';
import { useStore } from '../../src/ui/store';
import { errorText } from '../../src/ui/Errors';
import type { PortLike } from '../../src/ui/client';
import type { SessionsResult } from '../../src/worker/protocol';
import { setup } from './fixtures';

afterEach(cleanup);

const list = (
  id: number,
  names: [string, string][] = [
    ['a', 'Alpha'],
    ['b', 'Beta'],
  ],
  current = 'a',
): SessionsResult => ({
  type: 'sessions',
  id,
  current,
  sessions: names.map(([i, name], k) => ({ id: i, name, savedAt: Date.UTC(2026, 0, 1 + k), steps: k + 1 })),
});
const reply = (port: PortLike, data: unknown) =>
  act(async () => {
    port.onmessage!({ data } as MessageEvent);
  });

describe('Saved clusters', () => {
  it('lists, switches, renames and deletes with confirmation', async () => {
    const { sent, port } = setup();
    render(<SessionsButton />);
    fireEvent.click(screen.getByRole('button', { name: 'Saved clusters' }));
    expect(sent).toEqual([{ type: 'sessions' }]);
    await reply(port, list(1));
    const rows = screen.getAllByTestId('session');
    expect(rows.map((r) => r.querySelector('[data-testid="session-name"]')?.textContent)).toEqual(['Alpha', 'Beta']);
    expect(rows[0].textContent).toContain('(open)');
    expect(rows[1].textContent).toContain('2 commands');
    // the open one can be neither switched to nor deleted
    expect((rows[0].querySelector('[data-testid="session-switch"]') as HTMLButtonElement).disabled).toBe(true);
    expect((rows[0].querySelector('[data-testid="session-delete"]') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(rows[1].querySelector('[data-testid="session-switch"]')!);
    expect(sent[1]).toEqual({ type: 'switchSession', session: 'b' });

    await reply(port, list(2, undefined, 'b'));
    fireEvent.click(screen.getAllByTestId('session-rename')[0]);
    fireEvent.change(screen.getByTestId('session-name-input'), { target: { value: 'Orders' } });
    fireEvent.submit(screen.getByTestId('session-name-input').closest('form')!);
    expect(sent[2]).toEqual({ type: 'renameSession', session: 'a', name: 'Orders' });
    await reply(
      port,
      list(
        3,
        [
          ['a', 'Orders'],
          ['b', 'Beta'],
        ],
        'b',
      ),
    );

    fireEvent.click(screen.getAllByTestId('session-delete')[0]);
    expect(screen.getByRole('alert').textContent).toContain('Delete "Orders" and its logs?');
    fireEvent.keyDown(document, { key: 'Escape' }); // cancels the delete only
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(screen.getAllByTestId('session-delete')[0]);
    fireEvent.click(screen.getByTestId('session-delete-yes'));
    expect(sent[3]).toEqual({ type: 'deleteSession', session: 'a' });
    await reply(port, list(4, [['b', 'Beta']], 'b'));
    expect(screen.getAllByTestId('session')).toHaveLength(1);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('sessions-dialog')).toBeNull();
  });

  it('speaks Chinese and translates a full quota', async () => {
    const { port } = setup({ lang: 'zh' });
    await reply(port, { type: 'error', id: 0, code: 'QUOTA_EXCEEDED', message: 'quota' });
    expect(
      useStore
        .getState()
        .errors.map((e) => errorText(e, 'zh'))
        .join(),
    ).toContain('浏览器存储空间已满');
    render(<SessionsButton />);
    fireEvent.click(screen.getByRole('button', { name: '已保存的集群' }));
    await reply(port, list(1));
    expect(screen.getAllByTestId('session')[0].textContent).toContain('当前');
  });
});
