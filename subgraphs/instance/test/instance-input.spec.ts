import { DomainError } from '@saas/errors';
import { parseCreateInstanceInput, parseSubdomain } from '../src/domain/instance-input';

const TENANT = '7d0f3c2e-5b1a-4c3d-9e8f-0a1b2c3d4e5f';

function refusal(run: () => unknown): { code: string; field: unknown; reason: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.details.field, reason: error.details.reason };
    throw error;
  }
  throw new Error('accepted');
}

describe('instance names and subdomains: the shared rules of libs/subgraph', () => {
  const create = (input: { name?: string; subdomain?: string }) => () =>
    parseCreateInstanceInput({ tenantId: TENANT, name: 'Shop', subdomain: 'shop', odooVersion: '17.0', ...input }, ['17.0']);

  it.each(['\u200B\u200B', '\u202EpohS', 'Shop\u2066', '\u200E'])('refuses the name %j', (name) => {
    expect(refusal(create({ name }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });

  it.each([
    ['xn--80ak6aa92e', 'INVALID_FORMAT'],
    ['autodiscover', 'RESERVED'],
    ['mta-sts', 'RESERVED'],
    ['mx7', 'RESERVED'],
    ['ns3', 'RESERVED'],
    ['signin', 'RESERVED'],
    ['admin', 'RESERVED'],
  ])('refuses the subdomain %p (%s)', (subdomain, reason) => {
    expect(refusal(create({ subdomain }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.subdomain', reason });
  });

  it('accepts an ordinary name and subdomain', () => {
    expect(parseSubdomain('shop-1')).toBe('shop-1');
    expect(create({ name: '  Boutique   Café ' })()).toMatchObject({ name: 'Boutique Café', subdomain: 'shop' });
  });
});
