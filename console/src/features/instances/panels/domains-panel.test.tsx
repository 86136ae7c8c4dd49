import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DomainsPanel } from './domains-panel';
import { ADD_INSTANCE_DOMAIN, INSTANCE_DOMAINS } from './domains.documents';
import type { PanelInstance } from './panel';

const instance = { id: 'instance-1', name: 'Shop', url: 'https://shop.example.test' } as PanelInstance;
const pending = { __typename: 'InstanceDomain', id: 'domain-1', domain: 'erp.example.com', status: 'PENDING_VERIFICATION', dnsTarget: 'shop.example.test', error: null };
const list = (domains: unknown[]) => ({ request: { query: INSTANCE_DOMAINS, variables: { id: 'instance-1' } }, result: { data: { instance: { __typename: 'Instance', id: 'instance-1', domains } } } });

describe('DomainsPanel', () => {
  it('lists a pending domain with its CNAME target and the actions of an admin', async () => {
    render(
      <MockedProvider mocks={[list([pending])]}>
        <DomainsPanel instance={instance} canManage />
      </MockedProvider>,
    );
    expect(await screen.findByText('shop.example.test')).toBeTruthy();
    expect(screen.getByText('PENDING VERIFICATION')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Verify erp.example.com' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove erp.example.com' })).toBeTruthy();
  });

  it("shows the server's message when a domain is refused", async () => {
    const refused = {
      request: { query: ADD_INSTANCE_DOMAIN, variables: { instanceId: 'instance-1', domain: 'nope' } },
      result: { errors: [{ message: '"nope" is not a valid domain name.', extensions: { code: 'BAD_USER_INPUT' } }] },
    };
    render(
      <MockedProvider mocks={[list([]), refused]}>
        <DomainsPanel instance={instance} canManage />
      </MockedProvider>,
    );
    await userEvent.type(screen.getByLabelText('Domain'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Add domain' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('"nope" is not a valid domain name.');
  });

  it('shows only the list to a member', async () => {
    render(
      <MockedProvider mocks={[list([pending])]}>
        <DomainsPanel instance={instance} canManage={false} />
      </MockedProvider>,
    );
    await screen.findByText('erp.example.com');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByLabelText('Domain')).toBeNull();
  });
});
