import { ApolloClient, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { MockSubscriptionLink } from '@apollo/client/testing';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { LogsPanel } from './logs-panel';
import type { PanelInstance } from './panel';

const instance = { id: 'instance-1', name: 'Shop' } as PanelInstance;

function renderPanel() {
  const link = new MockSubscriptionLink();
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  render(
    <ApolloProvider client={client}>
      <LogsPanel instance={instance} canManage />
    </ApolloProvider>,
  );
  return link;
}

describe('LogsPanel', () => {
  it('subscribes with tail 100 only while open, shows lines by stream, unsubscribes on close', async () => {
    const link = renderPanel();
    const unsubscribed = vi.fn();
    link.onUnsubscribe(unsubscribed);
    expect(link.operation).toBeUndefined();
    await userEvent.click(screen.getByRole('button', { name: 'Show live logs' }));
    expect(link.operation?.variables).toEqual({ instanceId: 'instance-1', tail: 100 });
    act(() => link.simulateResult({ result: { data: { instanceLogs: { __typename: 'InstanceLogLine', at: '2026-12-04T00:00:00Z', stream: 'stderr', line: 'WARNING odoo: boom' } } } }));
    const line = await screen.findByText('WARNING odoo: boom', { exact: false });
    expect(line.closest('li')?.className).toBe('log-stderr');
    await userEvent.click(screen.getByRole('button', { name: 'Hide live logs' }));
    expect(screen.queryByRole('list', { name: 'Log lines' })).toBeNull();
    expect(unsubscribed).toHaveBeenCalled();
  });

  it('explains that a member may not read the logs', async () => {
    const link = renderPanel();
    await userEvent.click(screen.getByRole('button', { name: 'Show live logs' }));
    act(() => link.simulateResult({ result: { errors: [{ message: 'Requires ADMIN', extensions: { code: 'FORBIDDEN' } }] } }));
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(alert.textContent).toContain('admins and owners');
  });
});
