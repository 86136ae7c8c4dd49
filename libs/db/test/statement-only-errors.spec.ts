import { withheldInDetail } from '../src/statement-only-errors';

describe('PostgreSQL error details without values', () => {
  it('keeps the columns of a key and withholds its values', () => {
    expect(withheldInDetail('Key (email)=(someone@example.test) already exists.')).toBe('Key (email)=(…) already exists.');
    expect(withheldInDetail('Key (tenant_id, name)=(8c1e…, Shop (EU)) already exists.')).toBe('Key (tenant_id, name)=(…) already exists.');
    expect(withheldInDetail('Key (tenant_id)=(0f7c) is not present in table "tenants".')).toBe('Key (tenant_id)=(…) is not present in table "tenants".');
  });

  it('withholds a failing row', () => {
    expect(withheldInDetail('Failing row contains (1, secret, null).')).toBe('Failing row contains (…).');
  });

  it('leaves details without values alone', () => {
    expect(withheldInDetail('Process 123 waits for ShareLock on transaction 456.')).toBe('Process 123 waits for ShareLock on transaction 456.');
  });
});
