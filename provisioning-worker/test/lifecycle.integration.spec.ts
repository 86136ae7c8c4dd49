import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { backupKeys, FilesystemBackupStore, withOdooZip } from '@saas/backups';
import {
  listEnvContainers,
  ODOO_DB_ADMIN_URL,
  odooDatabaseExists,
  odooDbLoginError,
  odooRoleExists,
  queryOdooDb,
  testDocker,
  volumeExists,
} from '@saas/testing';
import { spawnSync } from 'node:child_process';
import { writeLegacyBackup } from './support/legacy-tar-backup';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

const ODOO_ADMIN_DSN = (database: string) => {
  const url = new URL(ODOO_DB_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
};

const names = (id: string) => ({
  container: `odoo-${id}`,
  volume: `odoo-data-${id}`,
  database: `odoo_${id.replace(/-/g, '')}`,
});

async function health(directUrl: string): Promise<unknown> {
  const response = await fetch(`${directUrl}/web/health`);
  return JSON.parse(await response.text());
}

/** Runs a shell command in the instance's container as Odoo's user. */
async function exec(containerName: string, script: string): Promise<string> {
  const execution = await testDocker().getContainer(containerName).exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await execution.start({});
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  return Buffer.concat(chunks).toString('utf8');
}

describe('provisioning worker: instance lifecycle', () => {
  let harness: WorkerHarness;
  const instance = newTestInstance('17.0');
  const n = names(instance.id);

  beforeAll(async () => {
    harness = await WorkerHarness.create();
    await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  it('creates an instance: RUNNING, healthy, its own database only its role can use', async () => {
    const job = harness.job('CREATE', instance);
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING', progress: 100 });
    expect(outcome.facts).toMatchObject({ url: `https://${instance.subdomain}.odoo.localhost`, databaseName: n.database });
    expect(await health(outcome.facts!.directUrl!)).toEqual({ status: 'pass' });

    const events = harness.operationEvents(job.operationId);
    expect(events[0]).toMatchObject({ operationStatus: 'RUNNING', instanceStatus: 'PROVISIONING', position: { operationSeq: job.operationSeq, attempt: 1, step: 1 } });
    expect(events.map((e) => e.message)).toEqual(expect.arrayContaining(['Creating database', 'Waiting for /web/health']));
    const steps = events.map((e) => e.position.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));

    const containers = await listEnvContainers(harness.saasEnv, { 'saas.instance': instance.id });
    expect(containers).toHaveLength(1);
    expect(containers[0]!.Labels).toMatchObject({
      'saas.tenant': instance.tenantId,
      'saas.subdomain': instance.subdomain,
    });
    expect(Object.keys(containers[0]!.Labels).filter((label) => !label.startsWith('saas.'))).toEqual([]);
    const info = await testDocker().getContainer(n.container).inspect();
    expect(info.HostConfig.NanoCpus).toBe(500_000_000);
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(await exec(n.container, 'cat /etc/odoo/odoo.conf')).toContain('list_db = False');
    // `docker inspect` shows no password: the database password is a file, like odoo.conf
    // (master password) only root's and readable by Odoo's group.
    expect(info.Config.Env).toContain('PASSWORD_FILE=/etc/odoo/db_password');
    expect(info.Config.Env.join('\n')).not.toContain(instance.databasePassword);
    expect(JSON.stringify(info)).not.toContain(instance.databasePassword);
    const modes = await exec(n.container, 'stat -c "%a %u:%g %n" /etc/odoo/odoo.conf /etc/odoo/db_password');
    expect(modes).toContain('640 0:101 /etc/odoo/odoo.conf');
    expect(modes).toContain('640 0:101 /etc/odoo/db_password');

    expect(await odooDatabaseExists(n.database)).toBe(true);
    expect(await odooDbLoginError(n.database, instance.databasePassword, n.database)).toBeNull();
    // Another role (even one that can log in elsewhere) is refused.
    const other = newTestInstance();
    const otherJob = harness.job('CREATE', other);
    expect(await harness.run(otherJob)).toMatchObject({ operationStatus: 'SUCCEEDED' });
    const otherRole = names(other.id).database;
    expect(await odooDbLoginError(otherRole, other.databasePassword, n.database)).toMatch(/permission denied/);
    expect(await harness.run(harness.job('DELETE', other))).toMatchObject({ instanceStatus: 'DELETED' });
  });

  it('reports the container in observations', async () => {
    const observation = await harness.waitForEvent(
      (e) => e.kind === 'observation' && e.containers.some((c) => c.instanceId === instance.id && c.state === 'running'),
    );
    expect(observation).toMatchObject({ environment: harness.saasEnv });
    // Where it answers now, as the engine lists it: what the edge proxies to (it follows restarts).
    const listed = observation.kind === 'observation' ? observation.containers.find((c) => c.instanceId === instance.id) : undefined;
    const published = (await testDocker().getContainer(n.container).inspect()).NetworkSettings.Ports['8069/tcp']?.[0]?.HostPort;
    expect(listed?.directUrl).toBe(`http://127.0.0.1:${published}`);
  });

  it('stops and starts', async () => {
    expect(await harness.run(harness.job('STOP', instance))).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'STOPPED' });
    expect((await testDocker().getContainer(n.container).inspect()).State.Running).toBe(false);
    // The reconciler reports it; deciding whether that is wanted is the instance subgraph's job.
    await harness.waitForEvent(
      (e) => e.kind === 'observation' && e.containers.some((c) => c.instanceId === instance.id && c.state === 'exited' && c.action === 'reported'),
    );
    const started = await harness.run(harness.job('START', instance));
    expect(started).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    expect(await health(started.facts!.directUrl!)).toEqual({ status: 'pass' });
    expect(await harness.run(harness.job('RESTART', instance))).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
  });

  it('gives the container the limits of the job on a restart (the plan changed): same container, new limits', async () => {
    const before = await testDocker().getContainer(n.container).inspect();
    const job = harness.job('RESTART', instance);
    job.instance.resources = { cpuMillicores: 1500, memoryMb: 768, storageGb: 5 };
    expect(await harness.run(job)).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    const after = await testDocker().getContainer(n.container).inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.HostConfig).toMatchObject({ NanoCpus: 1_500_000_000, Memory: 768 * 1024 * 1024 });
    // And back, as after a downgrade.
    expect(await harness.run(harness.job('RESTART', instance))).toMatchObject({ operationStatus: 'SUCCEEDED' });
    expect((await testDocker().getContainer(n.container).inspect()).HostConfig).toMatchObject({ NanoCpus: 500_000_000, Memory: 256 * 1024 * 1024 });
  });

  let backupId = '';
  it('backs up the database and the filestore into an Odoo database-manager zip, verified by a scratch restore', async () => {
    backupId = `b-${Date.now()}`;
    const job = harness.job('BACKUP', instance, { backupId });
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    expect(harness.operationEvents(job.operationId)[0]).toMatchObject({ instanceStatus: 'BACKING_UP' });
    const backup = outcome.backup!;
    expect(backup.location).toContain(`${instance.tenantId}/${instance.id}/${backupId}.zip`);
    expect(existsSync(backup.location)).toBe(true);
    expect(statSync(backup.location).size).toBe(backup.sizeBytes);
    // A full database dump: nobody but the platform (and its group) reads it, or lists its folder.
    expect(statSync(backup.location).mode & 0o777).toBe(0o640);
    expect(statSync(path.dirname(backup.location)).mode & 0o007).toBe(0);
    expect(createHash('sha256').update(await readFile(backup.location)).digest('hex')).toBe(backup.checksum);
    expect(outcome.verification).toMatchObject({ backupId, status: 'PASSED' });
    // The scratch database is gone again.
    expect(await odooDatabaseExists(`odoo_verify_${backupId.replace(/-/g, '')}`)).toBe(false);
    await withOdooZip(backup.location, async (zip) => {
      expect(zip.entries.map((entry) => entry.fileName)).toEqual(['dump.sql', `filestore/checklist/standin.txt`, 'manifest.json']);
      expect(zip.manifest).toMatchObject({ odoo_dump: '1', db_name: n.database, version: '17.0', major_version: '17.0', pg_version: '15.0', modules: { base: '17.0' } });
      expect(zip.manifest.saas?.filestore.files).toBe(1);
    });
  });

  it('refuses to restore a damaged archive before touching anything, and reports it FAILED', async () => {
    const damagedId = `damaged-${Date.now()}`;
    const made = await harness.run(harness.job('BACKUP', instance, { backupId: damagedId }));
    expect(made).toMatchObject({ operationStatus: 'SUCCEEDED', verification: { status: 'PASSED' } });
    const bytes = await readFile(made.backup!.location);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    await writeFile(made.backup!.location, bytes);
    await queryOdooDb("insert into res_users (login) values ('kept-by-refused-restore')", [], n.database);
    const outcome = await harness.run(harness.job('RESTORE', instance, { backupId: damagedId, backupChecksum: made.backup!.checksum }));
    expect(outcome).toMatchObject({ operationStatus: 'FAILED', instanceStatus: 'RUNNING', verification: { backupId: damagedId, status: 'FAILED' } });
    expect(outcome.error).toMatch(/damaged: its SHA-256 is/);
    const logins = await queryOdooDb<{ login: string }>('select login from res_users order by login', [], n.database);
    expect(logins.map((row) => row.login)).toContain('kept-by-refused-restore');
  });

  it('restores: data written after the backup is gone', async () => {
    await queryOdooDb("insert into res_users (login) values ('after-backup')", [], n.database);
    await exec(n.container, `echo later > /var/lib/odoo/filestore/${n.database}/after-backup.txt`);
    const job = harness.job('RESTORE', instance, { backupId });
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    expect(harness.operationEvents(job.operationId)[0]).toMatchObject({ instanceStatus: 'RESTORING' });
    expect(await health(outcome.facts!.directUrl!)).toEqual({ status: 'pass' });
    const logins = await queryOdooDb<{ login: string }>('select login from res_users order by login', [], n.database);
    expect(logins.map((row) => row.login)).toEqual(['admin']);
    const files = await exec(n.container, `ls -ln /var/lib/odoo/filestore/${n.database}; cat /var/lib/odoo/filestore/${n.database}/checklist/standin.txt`);
    expect(files).toMatch(/101 +101 .* checklist/);
    expect(files).not.toContain('after-backup.txt');
    expect(files).toContain('filestore of');
    // Still only the instance's role can connect after the database was re-created.
    expect(await odooDbLoginError(n.database, instance.databasePassword, n.database)).toBeNull();
  });

  it('still restores a backup of the platform\'s first format (pg_dump -Fc + filestore tar)', async () => {
    const legacyId = `legacy-${Date.now()}`;
    const store = new FilesystemBackupStore(harness.backupDir);
    const work = path.join(harness.backupDir, '.legacy-test');
    const dump = path.join(work, 'database.dump');
    const filestoreTar = path.join(work, 'filestore.tar');
    spawnSync('mkdir', ['-p', path.join(work, n.database, 'legacy')]);
    await writeFile(path.join(work, n.database, 'legacy', 'old.txt'), 'from the old format');
    const tar = spawnSync('tar', ['-C', work, '--owner=101', '--group=101', '-cf', filestoreTar, n.database]);
    expect(tar.status).toBe(0);
    await queryOdooDb("insert into res_users (login) values ('in-legacy-backup')", [], n.database);
    const pgDump = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, ODOO_ADMIN_DSN(n.database)]);
    expect(pgDump.stderr.toString()).toBe('');
    await queryOdooDb("delete from res_users where login = 'in-legacy-backup'", [], n.database);
    await writeLegacyBackup(store, backupKeys(instance.tenantId, instance.id, legacyId, 'tar'), {
      format: 1,
      backupId: legacyId,
      instanceId: instance.id,
      tenantId: instance.tenantId,
      databaseName: n.database,
      odooVersion: '17.0',
      createdAt: new Date().toISOString(),
      hasFilestore: true,
    }, { database: dump, filestore: filestoreTar });

    const outcome = await harness.run(harness.job('RESTORE', instance, { backupId: legacyId }));
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    const logins = await queryOdooDb<{ login: string }>('select login from res_users order by login', [], n.database);
    expect(logins.map((row) => row.login)).toContain('in-legacy-backup');
    expect(await exec(n.container, `cat /var/lib/odoo/filestore/${n.database}/legacy/old.txt`)).toContain('from the old format');
  });

  it('upgrades to a new Odoo version: PRE_UPGRADE backup, odoo -u all with the new image, container recreated from it', async () => {
    const job = harness.job('UPGRADE', instance, { targetOdooVersion: '18.0', backupId: randomUUID() });
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    expect(outcome).toMatchObject({ facts: { odooVersion: '18.0' }, backup: { backupId: job.backupId }, verification: { status: 'PASSED' } });
    expect(harness.operationEvents(job.operationId)[0]).toMatchObject({ instanceStatus: 'UPGRADING' });
    expect((await testDocker().getContainer(n.container).inspect()).Config.Image).toBe('saas-odoo-standin:18.0');
    const modules = await queryOdooDb<{ latest_version: string }>("select latest_version from ir_module_module where name = 'base'", [], n.database);
    expect(modules).toEqual([{ latest_version: '18.0' }]);
    expect(await listEnvContainers(harness.saasEnv, { 'saas.instance': instance.id })).toHaveLength(1);
  });

  it('never logs the instance secrets', () => {
    const output = harness.workers.map((worker) => worker.output()).join('\n');
    expect(output).not.toContain(instance.databasePassword);
    expect(output).not.toContain(instance.adminPassword);
  });

  it('deletes: container, volume, database and role all gone; deleting again succeeds', async () => {
    expect(await harness.run(harness.job('DELETE', instance))).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'DELETED' });
    expect(await listEnvContainers(harness.saasEnv, { 'saas.instance': instance.id })).toHaveLength(0);
    expect(await volumeExists(n.volume)).toBe(false);
    expect(await odooDatabaseExists(n.database)).toBe(false);
    expect(await odooRoleExists(n.database)).toBe(false);
    expect(await harness.run(harness.job('DELETE', instance))).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'DELETED' });
  });
});
