import { BadUserInputError } from '@saas/errors';
import { parseCreateStagingInput } from '../src/domain/instance-input';
import { stagingExpiresAt } from '../src/services/instance-settings';

const PRODUCTION = '7d0f3c2e-5b1a-4c3d-9e8f-0a1b2c3d4e5f';

describe('parseCreateStagingInput', () => {
  it('validates like a create: name trimmed, subdomain a DNS label not reserved, key printable', () => {
    expect(parseCreateStagingInput({ instanceId: PRODUCTION.toUpperCase(), name: '  My   copy ', subdomain: 'shop-staging', idempotencyKey: 'k-1' })).toEqual({
      instanceId: PRODUCTION,
      name: 'My copy',
      subdomain: 'shop-staging',
      idempotencyKey: 'k-1',
    });
    for (const input of [
      { instanceId: PRODUCTION, name: ' ', subdomain: 'ok' },
      { instanceId: PRODUCTION, name: 'Copy', subdomain: 'www' },
      { instanceId: PRODUCTION, name: 'Copy', subdomain: '-bad' },
      { instanceId: PRODUCTION, name: 'Copy', subdomain: 'ok', idempotencyKey: 'has space' },
      { instanceId: 'not-a-uuid', name: 'Copy', subdomain: 'ok' },
    ]) {
      expect(() => parseCreateStagingInput(input)).toThrow(BadUserInputError);
    }
  });
});

describe('stagingExpiresAt', () => {
  it('is the staging lifetime after the copy was made', () => {
    expect(stagingExpiresAt({ stagingLifetimeDays: 7 }, new Date('2026-12-04T00:00:00Z')).toISOString()).toBe('2026-12-11T00:00:00.000Z');
  });
});
