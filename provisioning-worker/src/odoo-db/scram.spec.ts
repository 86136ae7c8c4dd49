import { scramSha256Verifier } from './scram';

describe('scramSha256Verifier', () => {
  it('has the format PostgreSQL stores and never contains the password', () => {
    const verifier = scramSha256Verifier('pencil');
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
    expect(verifier).not.toContain('pencil');
  });

  it('is deterministic for a salt and salted differently each time otherwise', () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    expect(scramSha256Verifier('pencil', salt)).toBe(scramSha256Verifier('pencil', salt));
    expect(scramSha256Verifier('pencil')).not.toBe(scramSha256Verifier('pencil'));
  });
});
