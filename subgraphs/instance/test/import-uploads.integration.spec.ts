import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { TenantAuthorizer } from '@saas/authz';
import { FilesystemBackupStore, uploadKey } from '@saas/backups';
import { DEV_LINK_SIGNING_KEY, DEV_SECRETS_KEY, parseLinkSigningKey, parseSecretsKey } from '@saas/secrets';
import { ImportUpload } from '../src/entities/import-upload.entity';
import type { EntitlementsClient } from '../src/services/entitlements.client';
import { InstanceImports } from '../src/services/instance-imports.service';
import type { InstanceSettings } from '../src/services/instance-settings';
import { ApplierHarness } from './support/applier-harness';

const settings: InstanceSettings = {
  supportedVersions: ['17.0'],
  baseDomain: 'odoo.test',
  urlScheme: 'http',
  secretsKey: parseSecretsKey(DEV_SECRETS_KEY),
  environment: 'test-imports',
  edgePorts: { http: 80, https: 443 },
  customDomainLimits: new Map(),
  links: { key: parseLinkSigningKey(DEV_LINK_SIGNING_KEY), publicUrl: 'http://gateway.test', downloadTtlMs: 600_000, uploadTtlMs: 3_600_000 },
  importDefaultMaxBytes: 1000,
};

/** The PUT side of an import upload: size limit, single use, nothing kept of a refused body. */
describe('import uploads (real PostgreSQL, filesystem backup store)', () => {
  let harness: ApplierHarness;
  let root: string;
  let store: FilesystemBackupStore;
  const tenantId = '6f0c6b1e-7d1c-4f3b-9a55-2a3c1c0d0e01';
  const viewer = { userId: '00000000-0000-4000-8000-000000000001', sessionId: 'test', staff: false, accessToken: 'unused', expiresAt: 0 };

  const imports = () =>
    new InstanceImports({
      em: harness.em(),
      authorizer: { requireRole: async () => ({ tenantId, role: 'OWNER', tenantStatus: 'ACTIVE' }) } as unknown as TenantAuthorizer,
      // Billing does not answer: the documented default limit applies.
      entitlements: { of: async () => Promise.reject(new Error('billing down')) } as unknown as EntitlementsClient,
      settings,
      store,
      afterCommit: () => undefined,
    });
  const queryOf = (uploadUrl: string) => Object.fromEntries(new URL(uploadUrl).searchParams);
  const bytes = (size: number) => Readable.from([Buffer.alloc(size, 7)]);

  beforeAll(async () => {
    harness = await ApplierHarness.create();
    root = mkdtempSync(path.join(tmpdir(), 'saas-import-uploads-'));
    store = new FilesystemBackupStore(root);
  });

  afterAll(async () => {
    await harness?.teardown();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('takes a body within the limit once; the same link again is USED', async () => {
    const upload = await imports().createUpload({ viewer, ip: null }, tenantId);
    expect(new URL(upload.uploadUrl).pathname).toBe(`/files/imports/${upload.id}`);
    expect(await imports().receive(upload.id, queryOf(upload.uploadUrl), bytes(1000), 1000)).toEqual({ status: 201, sizeBytes: 1000 });
    const stored = await harness.em().findOneOrFail(ImportUpload, { id: upload.id });
    expect(stored).toMatchObject({ status: 'UPLOADED', checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(String(stored.sizeBytes)).toBe('1000');
    expect(existsSync(path.join(root, uploadKey(tenantId, upload.id)))).toBe(true);
    expect(await imports().receive(upload.id, queryOf(upload.uploadUrl), bytes(10), 10)).toEqual({ status: 403, reason: 'USED' });
  });

  it('refuses a body over the limit (413) whether it says so or not, and keeps nothing of it', async () => {
    const declared = await imports().createUpload({ viewer, ip: null }, tenantId);
    expect(await imports().receive(declared.id, queryOf(declared.uploadUrl), bytes(1001), 1001)).toEqual({ status: 413, maxBytes: 1000 });
    // Refused from its Content-Length: the link still works for a body that fits.
    expect(await imports().receive(declared.id, queryOf(declared.uploadUrl), bytes(10), 10)).toMatchObject({ status: 201 });

    const chunked = await imports().createUpload({ viewer, ip: null }, tenantId);
    expect(await imports().receive(chunked.id, queryOf(chunked.uploadUrl), bytes(1001), undefined)).toEqual({ status: 413, maxBytes: 1000 });
    expect(await harness.em().findOneOrFail(ImportUpload, { id: chunked.id })).toMatchObject({ status: 'FAILED' });
    expect(existsSync(path.join(root, uploadKey(tenantId, chunked.id)))).toBe(false);
    expect(await imports().receive(chunked.id, queryOf(chunked.uploadUrl), bytes(10), 10)).toEqual({ status: 403, reason: 'USED' });
  });

  it('refuses a link for another upload, or with a changed expiry, as TAMPERED', async () => {
    const first = await imports().createUpload({ viewer, ip: null }, tenantId);
    const second = await imports().createUpload({ viewer, ip: null }, tenantId);
    expect(await imports().receive(second.id, queryOf(first.uploadUrl), bytes(10), 10)).toEqual({ status: 403, reason: 'TAMPERED' });
    const query = queryOf(first.uploadUrl);
    expect(await imports().receive(first.id, { ...query, expires: String(Number(query.expires) + 60) }, bytes(10), 10)).toEqual({ status: 403, reason: 'TAMPERED' });
  });
});
