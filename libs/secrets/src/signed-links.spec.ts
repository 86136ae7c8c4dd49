import { checkLink, DEV_LINK_SIGNING_KEY, parseLinkSigningKey, signLink } from './signed-links';

describe('signed links', () => {
  const key = parseLinkSigningKey(DEV_LINK_SIGNING_KEY);
  const now = new Date('2026-12-04T01:00:00Z');
  const grant = { purpose: 'backup-download', id: '6f0c6b1e-7d1c-4f3b-9a55-2a3c1c0d0e01', expires: now.getTime() / 1000 + 600 };

  it('accepts its own signature until the expiry, then says EXPIRED', () => {
    const signature = signLink(key, grant);
    expect(checkLink(key, grant, signature, now)).toBe('VALID');
    expect(checkLink(key, grant, signature, new Date((grant.expires + 1) * 1000))).toBe('EXPIRED');
  });

  it('refuses any change of the id, the purpose, the expiry or the signature as TAMPERED', () => {
    const signature = signLink(key, grant);
    expect(checkLink(key, { ...grant, id: '00000000-0000-4000-8000-000000000000' }, signature, now)).toBe('TAMPERED');
    expect(checkLink(key, { ...grant, purpose: 'import-upload' }, signature, now)).toBe('TAMPERED');
    expect(checkLink(key, { ...grant, expires: grant.expires + 3600 }, signature, now)).toBe('TAMPERED');
    expect(checkLink(key, grant, `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`, now)).toBe('TAMPERED');
    expect(checkLink(key, grant, '', now)).toBe('TAMPERED');
    expect(checkLink(parseLinkSigningKey(Buffer.alloc(32, 7).toString('base64')), grant, signature, now)).toBe('TAMPERED');
  });

  it('needs a key of at least 32 bytes', () => {
    expect(() => parseLinkSigningKey(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
