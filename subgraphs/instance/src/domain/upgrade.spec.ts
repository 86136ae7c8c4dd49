import { DomainError } from '@saas/errors';
import { parseCreateStagingInput } from './instance-input';
import { checkUpgradeTarget, compareSeries, rehearsalCopy } from './upgrade';

const rules = { current: '16.0', supported: ['16.0', '17.0', '18.0'], allowedByPlan: ['16.0', '17.0'], planCode: 'starter' };

const refusal = (target: string, overrides: Partial<typeof rules> = {}) => {
  try {
    checkUpgradeTarget(target, { ...rules, ...overrides });
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, message: error.message } : error;
  }
  return undefined;
};

describe('upgrade targets', () => {
  it('orders series numerically', () => {
    expect(compareSeries('16.0', '17.0')).toBe(-1);
    expect(compareSeries('17.0', '17.0')).toBe(0);
    expect(compareSeries('10.0', '9.0')).toBe(1);
    expect(compareSeries('17.1', '17.0')).toBe(1);
  });

  it('allows the same series (a newer image) and a later one the plan allows', () => {
    expect(checkUpgradeTarget('16.0', rules)).toBe('16.0');
    expect(checkUpgradeTarget('17.0', rules)).toBe('17.0');
    // The same series even when the plan no longer lists it: it is not a move.
    expect(checkUpgradeTarget('16.0', { ...rules, allowedByPlan: ['17.0'] })).toBe('16.0');
  });

  it('refuses unsupported, earlier and not-allowed series with BAD_USER_INPUT naming why', () => {
    expect(refusal('15.0')).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/not supported/) });
    expect(refusal('16.0', { current: '17.0' })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/downgraded/) });
    expect(refusal('18.0')).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/starter plan allows Odoo 16\.0, 17\.0, not 18\.0/) });
  });
});

describe('rehearsalCopy', () => {
  it('is a valid staging input, the same for the same idempotency key, another without one', () => {
    const production = { name: 'P'.repeat(100), subdomain: `${'a'.repeat(45)}-${'b'.repeat(17)}` };
    const copy = rehearsalCopy(production, '17.0', 'key-1');
    expect(parseCreateStagingInput({ instanceId: '00000000-0000-4000-8000-000000000001', ...copy })).toMatchObject(copy);
    expect(copy.subdomain).toMatch(/^a{45}-rehearsal-[0-9a-f]{6}$/);
    expect(copy.name).toMatch(/\(upgrade rehearsal 17\.0\)$/);
    expect(rehearsalCopy(production, '17.0', 'key-1')).toEqual(copy);
    expect(rehearsalCopy(production, '17.0', 'key-2').subdomain).not.toBe(copy.subdomain);
    expect(rehearsalCopy(production, '17.0', null).subdomain).not.toBe(rehearsalCopy(production, '17.0', null).subdomain);
  });
});
