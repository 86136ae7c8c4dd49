import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { OdooZip } from '@saas/backups';
import { DEV_LINK_SIGNING_KEY, parseLinkSigningKey, signLink } from '@saas/secrets';
import { buildZip, dataOf, graphql, type GraphQLResponse, queryOdooDb, SmtpSink, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, OPERATION_FIELDS, signUp, type TestTenant, type TestUser, uniqueSuffix, waitForInstanceStatus } from '../support/fixtures';
import { addMember, firstError } from '../tenancy/support';

const databaseOf = (instanceId: string) => `odoo_${instanceId.replace(/-/g, '')}`;

const BACKUP = 'query($id: ID!) { backup(id: $id) { id status kind verification verifiedAt downloadUrl instance { id } } }';
const CREATE_UPLOAD = 'mutation($tenantId: ID!) { createImportUpload(tenantId: $tenantId) { id uploadUrl expiresAt } }';
const IMPORT = `mutation($input: ImportInstanceInput!) { importInstance(input: $input) { ${OPERATION_FIELDS} } }`;
const INSTANCES = 'query($id: ID!) { tenant(id: $id) { instances(first: 100) { totalCount } } }';

interface BackupNode {
  id: string;
  status: string;
  kind: string;
  verification: string;
  verifiedAt: string | null;
  downloadUrl: string | null;
  instance: { id: string };
}

/** `dump.sql` as `pg_dump --no-owner` writes it for a database the stand-in's init created. */
const STANDIN_DUMP = `--
-- PostgreSQL database dump
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET client_min_messages = warning;

CREATE TABLE public.ir_module_module (name text NOT NULL, state text NOT NULL, latest_version text, write_date timestamp without time zone DEFAULT now());
CREATE TABLE public.res_users (id integer NOT NULL, login text NOT NULL);
CREATE SEQUENCE public.res_users_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.res_users_id_seq OWNED BY public.res_users.id;
CREATE TABLE public.ir_config_parameter (key text NOT NULL, value text);
ALTER TABLE ONLY public.res_users ALTER COLUMN id SET DEFAULT nextval('public.res_users_id_seq'::regclass);

COPY public.ir_module_module (name, state, latest_version, write_date) FROM stdin;
base\tinstalled\t17.0\t2026-12-01 10:00:00
\\.

COPY public.res_users (id, login) FROM stdin;
1\tadmin
2\tbuilt-by-hand
\\.

COPY public.ir_config_parameter (key, value) FROM stdin;
database.uuid\t6f0c6b1e-7d1c-4f3b-9a55-2a3c1c0d0e01
\\.

SELECT pg_catalog.setval('public.res_users_id_seq', 2, true);
ALTER TABLE ONLY public.ir_module_module ADD CONSTRAINT ir_module_module_pkey PRIMARY KEY (name);
ALTER TABLE ONLY public.res_users ADD CONSTRAINT res_users_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.res_users ADD CONSTRAINT res_users_login_key UNIQUE (login);
ALTER TABLE ONLY public.ir_config_parameter ADD CONSTRAINT ir_config_parameter_pkey PRIMARY KEY (key);
`;

/** `manifest.json` as Odoo's `dump_db_manifest` writes it. */
const manifestOf = (version: string) =>
  JSON.stringify({
    odoo_dump: '1',
    db_name: 'onprem',
    version,
    version_info: [Number.parseInt(version, 10), 0, 0, 'final', 0, ''],
    major_version: version,
    pg_version: '15.0',
    modules: { base: version },
  });

/**
 * Portable backups end to end: Query.backup, the signed download link (streamed from the
 * backup store through the gateway), the zip's three parts, and imports of that zip and of
 * one built here from the documented format, as new instances; refusals of bad links and
 * bad uploads, each leaving nothing behind.
 */
describe('backups: verified, downloadable, importable', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let owner: TestUser;
  let member: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let backup: BackupNode;
  let downloaded: Buffer;
  let work: string;

  const as = <T>(user: TestUser, query: string, variables: Record<string, unknown>) => graphql<T>(stack.gatewayUrl, query, variables, { token: user.accessToken });
  const instanceCount = async () => dataOf(await as<{ tenant: { instances: { totalCount: number } } }>(owner, INSTANCES, { id: tenant.id })).tenant.instances.totalCount;
  const upload = async (body: Buffer) => {
    const created = dataOf(await as<{ createImportUpload: { id: string; uploadUrl: string; expiresAt: string } }>(owner, CREATE_UPLOAD, { tenantId: tenant.id })).createImportUpload;
    const response = await fetch(created.uploadUrl, { method: 'PUT', body, headers: { 'content-type': 'application/zip' } });
    return { ...created, response };
  };
  const importUpload = (uploadId: string, odooVersion = '17.0', subdomain = `imported-${uniqueSuffix()}`): Promise<GraphQLResponse<{ importInstance: { id: string; type: string; status: string; instance: { id: string } } }>> =>
    as(owner, IMPORT, { input: { tenantId: tenant.id, uploadId, name: 'Imported', subdomain, odooVersion } });
  const logins = async (id: string) => (await queryOdooDb<{ login: string }>('select login from res_users order by id', [], databaseOf(id))).map((row) => row.login);

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'saas-backups-e2e-'));
    sink = await SmtpSink.start();
    stack = await TestStack.start({ serviceEnv: { tenant: { SMTP_URL: sink.url } } });
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner, 'Backups');
    // The trial allows one instance; the imports need more.
    dataOf(await as(owner, 'mutation($t: ID!) { subscribeTenant(tenantId: $t, planCode: "business") { id } }', { t: tenant.id }));
    member = await signUp(stack.gatewayUrl, 'member');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, member, 'MEMBER');
    instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('backs up an instance, verifies the backup, and shows it through Query.backup with a download link for ADMIN+ only', async () => {
    await queryOdooDb("insert into res_users (login) values ('written-before-backup')", [], databaseOf(instanceId));
    dataOf(await as(owner, 'mutation($id: ID!) { backupInstance(id: $id) { id } }', { id: instanceId }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    const { instance } = dataOf(await as<{ instance: { backups: Array<{ id: string }> } }>(owner, 'query($id: ID!) { instance(id: $id) { backups { id } } }', { id: instanceId }));
    expect(instance.backups).toHaveLength(1);
    backup = dataOf(await as<{ backup: BackupNode }>(owner, BACKUP, { id: instance.backups[0]!.id })).backup;
    expect(backup).toMatchObject({ status: 'COMPLETED', kind: 'MANUAL', verification: 'PASSED', instance: { id: instanceId } });
    expect(backup.verifiedAt).not.toBeNull();
    const link = new URL(backup.downloadUrl ?? '');
    expect(link.origin).toBe(new URL(stack.gatewayUrl).origin);
    expect(link.searchParams.get('signature')).toBeTruthy();
    // A MEMBER sees the backup, never a link to its data.
    const seenByMember = dataOf(await as<{ backup: BackupNode }>(member, BACKUP, { id: backup.id })).backup;
    expect(seenByMember).toMatchObject({ id: backup.id, downloadUrl: null });
    // Unknown: NOT_FOUND, as Query.instanceOperation.
    expect(firstError(await as(owner, BACKUP, { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });

  it('downloads the zip through the gateway: dump.sql, filestore/ and manifest.json with the right version', async () => {
    const response = await fetch(backup.downloadUrl ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const file = path.join(work, 'download.zip');
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(file));
    downloaded = readFileSync(file);
    const zip = await OdooZip.open(file);
    try {
      const names = zip.entries.map((entry) => entry.fileName);
      expect(names).toEqual(expect.arrayContaining(['dump.sql', 'manifest.json']));
      expect(zip.filestore.length).toBeGreaterThan(0);
      expect(zip.manifest).toMatchObject({ version: '17.0', major_version: '17.0' });
      expect(zip.manifest.modules).toHaveProperty('base');
    } finally {
      zip.close();
    }
  });

  it('refuses a tampered or expired download link (403) and a link to a backup that does not exist (404)', async () => {
    const link = new URL(backup.downloadUrl ?? '');
    const tampered = new URL(link);
    tampered.searchParams.set('expires', String(Number(link.searchParams.get('expires')) + 3600));
    expect((await fetch(tampered)).status).toBe(403);
    const otherSignature = new URL(link);
    otherSignature.searchParams.set('signature', `${link.searchParams.get('signature')?.slice(0, -2)}AA`);
    expect((await fetch(otherSignature)).status).toBe(403);
    // Signed with the run's key (the development default) but expired a minute ago.
    const key = parseLinkSigningKey(DEV_LINK_SIGNING_KEY);
    const expires = Math.floor(Date.now() / 1000) - 60;
    const expired = new URL(link);
    expired.searchParams.set('expires', String(expires));
    expired.searchParams.set('signature', signLink(key, { purpose: 'backup-download', id: backup.id, expires }));
    const refusal = await fetch(expired);
    expect(refusal.status).toBe(403);
    expect(await refusal.json()).toMatchObject({ error: 'EXPIRED' });
    // A download signature does not open an upload, nor another backup.
    const missingId = '00000000-0000-4000-8000-000000000000';
    const future = Math.floor(Date.now() / 1000) + 600;
    const gone = new URL(`/files/backups/${missingId}`, link);
    gone.searchParams.set('expires', String(future));
    gone.searchParams.set('signature', signLink(key, { purpose: 'backup-download', id: missingId, expires: future }));
    expect((await fetch(gone)).status).toBe(404);
    const otherBackup = new URL(`/files/backups/${missingId}`, link);
    otherBackup.search = link.search;
    expect((await fetch(otherBackup)).status).toBe(403);
  });

  it('imports the downloaded zip as a new instance: the record written before the backup is there', async () => {
    const uploaded = await upload(downloaded);
    expect(uploaded.response.status).toBe(201);
    expect(new URL(uploaded.uploadUrl).origin).toBe(new URL(stack.gatewayUrl).origin);
    // Single use: the same link again is refused.
    expect((await fetch(uploaded.uploadUrl, { method: 'PUT', body: downloaded })).status).toBe(403);
    const operation = dataOf(await importUpload(uploaded.id)).importInstance;
    expect(operation).toMatchObject({ type: 'CREATE', status: 'QUEUED' });
    const imported = operation.instance.id;
    expect(imported).not.toBe(instanceId);
    await waitForInstanceStatus(stack.gatewayUrl, owner, imported, 'RUNNING');
    expect(await logins(imported)).toEqual(expect.arrayContaining(['admin', 'written-before-backup']));
    const { instance } = dataOf(await as<{ instance: { backups: Array<{ id: string; kind: string; status: string }> } }>(owner, 'query($id: ID!) { instance(id: $id) { backups { id kind status } } }', { id: imported }));
    expect(instance.backups).toEqual([expect.objectContaining({ kind: 'IMPORT', status: 'COMPLETED' })]);
    // The upload is used up: it cannot create a second instance.
    expect(firstError(await importUpload(uploaded.id))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'ALREADY_IMPORTED' } });
  });

  it('imports a zip built from the documented format (dump.sql of a stand-in database, filestore, manifest)', async () => {
    const zip = await buildZip([
      { name: 'dump.sql', data: STANDIN_DUMP },
      { name: 'manifest.json', data: manifestOf('17.0') },
      { name: 'filestore/checklist/standin.txt', data: 'a file of the filestore\n' },
    ]);
    const uploaded = await upload(zip);
    expect(uploaded.response.status).toBe(201);
    const operation = dataOf(await importUpload(uploaded.id)).importInstance;
    await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');
    expect(await logins(operation.instance.id)).toEqual(['admin', 'built-by-hand']);
  });

  describe('refuses bad uploads with BAD_USER_INPUT and the reason, leaving no instance and no operation', () => {
    const manifest = { name: 'manifest.json', data: manifestOf('17.0') };
    const dump = { name: 'dump.sql', data: STANDIN_DUMP };
    const cases: Array<[string, () => Promise<Buffer>, string, string?]> = [
      ['not a zip', async () => Buffer.from('this is not a zip archive at all'), 'NOT_A_ZIP'],
      ['no manifest', () => buildZip([dump]), 'NO_MANIFEST'],
      ['no dump', () => buildZip([manifest]), 'NO_DUMP'],
      ['a ../ entry', () => buildZip([dump, manifest, { name: 'xx/evil.txt', data: 'x' }], { renames: { 'xx/evil.txt': '../evil.txt' } }), 'PATH_ESCAPE'],
      ['an absolute path', () => buildZip([dump, manifest, { name: 'xetc/passwd', data: 'x' }], { renames: { 'xetc/passwd': '/etc/passwd' } }), 'PATH_ESCAPE'],
      ['a symbolic link', () => buildZip([dump, manifest, { name: 'filestore/link', symlinkTo: '/etc/passwd' }]), 'LINK'],
      ['a zip bomb', () => buildZip([dump, manifest, { name: 'filestore/zeros.bin', zeros: 300 * 1024 * 1024 }]), 'ZIP_BOMB'],
      ['a wrong version', () => buildZip([dump, { name: 'manifest.json', data: manifestOf('16.0') }]), 'VERSION_MISMATCH'],
    ];

    it.each(cases)('%s', async (_what, build, reason) => {
      const before = await instanceCount();
      const uploaded = await upload(await build());
      expect(uploaded.response.status).toBe(201);
      const response = await importUpload(uploaded.id);
      expect(response.data?.importInstance ?? null).toBeNull();
      const error = firstError(response);
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason } });
      expect(error.message.length).toBeGreaterThan(10);
      expect(await instanceCount()).toBe(before);
      // A zip that can never be imported is removed; a wrong version keeps the upload for a corrected request.
      expect(existsSync(path.join(stack.layout.shared.BACKUP_DIR ?? '', '.imports', tenant.id, `${uploaded.id}.zip`))).toBe(reason === 'VERSION_MISMATCH');
    });

    it('an expired upload link (403), and an upload that was never PUT', async () => {
      const created = dataOf(await as<{ createImportUpload: { id: string; uploadUrl: string } }>(owner, CREATE_UPLOAD, { tenantId: tenant.id })).createImportUpload;
      const expires = Math.floor(Date.now() / 1000) - 60;
      const expired = new URL(created.uploadUrl);
      expired.searchParams.set('expires', String(expires));
      expired.searchParams.set('signature', signLink(parseLinkSigningKey(DEV_LINK_SIGNING_KEY), { purpose: 'import-upload', id: created.id, expires }));
      const refusal = await fetch(expired, { method: 'PUT', body: downloaded });
      expect(refusal.status).toBe(403);
      expect(await refusal.json()).toMatchObject({ error: 'EXPIRED' });
      const tampered = new URL(created.uploadUrl);
      tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 60));
      expect((await fetch(tampered, { method: 'PUT', body: downloaded })).status).toBe(403);
      const before = await instanceCount();
      expect(firstError(await importUpload(created.id))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { reason: 'NOT_UPLOADED' } });
      expect(await instanceCount()).toBe(before);
    });
  });
  it('a damaged archive on disk: the restore is refused before anything is touched, and the backup FAILED its verification', async () => {
    const archive = path.join(stack.layout.shared.BACKUP_DIR ?? '', tenant.id, instanceId, `${backup.id}.zip`);
    const bytes = readFileSync(archive);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(archive, bytes);
    const restore = 'mutation($id: ID!, $backupId: ID!) { restoreInstance(id: $id, backupId: $backupId) { id } }';
    const operation = dataOf(await as<{ restoreInstance: { id: string } }>(owner, restore, { id: instanceId, backupId: backup.id })).restoreInstance;
    const failed = await eventually(async () => {
      const { instanceOperation } = dataOf(await as<{ instanceOperation: { status: string; error: string | null } }>(owner, 'query($id: ID!) { instanceOperation(id: $id) { status error } }', { id: operation.id }));
      return instanceOperation.status === 'FAILED' ? instanceOperation : undefined;
    });
    expect(failed.error).toMatch(/damaged|SHA-256/i);
    const after = dataOf(await as<{ backup: BackupNode & { verificationError: string | null } }>(owner, 'query($id: ID!) { backup(id: $id) { verification verificationError } }', { id: backup.id })).backup;
    expect(after.verification).toBe('FAILED');
    expect(after.verificationError).toMatch(/damaged|SHA-256/i);
    // The instance was not touched: still RUNNING with its data; a second restore is refused up front.
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect(await logins(instanceId)).toContain('written-before-backup');
    expect(firstError(await as(owner, restore, { id: instanceId, backupId: backup.id })).code).toBe('CONFLICT');
  });
});
