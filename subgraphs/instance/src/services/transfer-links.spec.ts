import { DEV_LINK_SIGNING_KEY, parseLinkSigningKey } from '@saas/secrets';
import { checkTransferLink, transferLink } from './transfer-links';

describe('transfer links', () => {
  const settings = { key: parseLinkSigningKey(DEV_LINK_SIGNING_KEY), publicUrl: 'https://app.example.test/', downloadTtlMs: 600_000, uploadTtlMs: 3_600_000 };
  const id = '6f0c6b1e-7d1c-4f3b-9a55-2a3c1c0d0e01';
  const now = new Date('2026-12-04T01:00:00Z');

  it('points at the public origin, bound to the object and its expiry', () => {
    const link = new URL(transferLink(settings, 'backup', id, new Date(now.getTime() + 600_000)));
    expect(`${link.origin}${link.pathname}`).toBe(`https://app.example.test/files/backups/${id}`);
    const query = Object.fromEntries(link.searchParams);
    expect(checkTransferLink(settings, 'backup', id, query, now)).toBe('VALID');
    expect(checkTransferLink(settings, 'upload', id, query, now)).toBe('TAMPERED');
    expect(checkTransferLink(settings, 'backup', id, query, new Date(now.getTime() + 601_000))).toBe('EXPIRED');
  });

  it('treats a missing or malformed expiry or signature as TAMPERED', () => {
    expect(checkTransferLink(settings, 'backup', id, {}, now)).toBe('TAMPERED');
    expect(checkTransferLink(settings, 'backup', id, { expires: '1e12', signature: 'x' }, now)).toBe('TAMPERED');
    expect(checkTransferLink(settings, 'backup', id, { expires: ['1', '2'], signature: 'x' }, now)).toBe('TAMPERED');
  });
});
