import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import {
  listEnvContainers,
  odooDatabaseExists,
  odooDbLoginError,
  odooRoleExists,
  queryOdooDb,
  testDocker,
  volumeExists,
} from '@saas/testing';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

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
      'traefik.enable': 'true',
      [`traefik.http.routers.odoo-${instance.id.replace(/-/g, '')}.rule`]: `Host(\`${instance.subdomain}.odoo.localhost\`)`,
    });
    const info = await testDocker().getContainer(n.container).inspect();
    expect(info.HostConfig.NanoCpus).toBe(500_000_000);
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
    expect(await exec(n.container, 'cat /etc/odoo/odoo.conf')).toContain('list_db = False');

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
  it('backs up the database and the filestore into one archive', async () => {
    backupId = `b-${Date.now()}`;
    const job = harness.job('BACKUP', instance, { backupId });
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    expect(harness.operationEvents(job.operationId)[0]).toMatchObject({ instanceStatus: 'BACKING_UP' });
    const backup = outcome.backup!;
    expect(backup.location).toContain(`${instance.tenantId}/${instance.id}/${backupId}.tar`);
    expect(existsSync(backup.location)).toBe(true);
    expect(statSync(backup.location).size).toBe(backup.sizeBytes);
    expect(createHash('sha256').update(await readFile(backup.location)).digest('hex')).toBe(backup.checksum);
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
    const files = await exec(n.container, `ls /var/lib/odoo/filestore/${n.database}; cat /var/lib/odoo/filestore/${n.database}/checklist/standin.txt`);
    expect(files).not.toContain('after-backup.txt');
    expect(files).toContain('filestore of');
    // Still only the instance's role can connect after the database was re-created.
    expect(await odooDbLoginError(n.database, instance.databasePassword, n.database)).toBeNull();
  });

  it('upgrades to a new Odoo version: odoo -u all with the new image, container recreated from it', async () => {
    const upgraded = { ...instance, odooVersion: '18.0' };
    const job = harness.job('UPGRADE', upgraded);
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
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
