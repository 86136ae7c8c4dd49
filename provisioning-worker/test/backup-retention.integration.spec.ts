import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExpiredBackup, ObservationEvent, WorkerEvent } from '@saas/contracts';
import { ODOO_DB_ADMIN_URL } from '@saas/testing';
import { Client } from 'pg';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

const PAST = '2000-01-01T00:00:00.000Z';
const FUTURE = '2100-01-01T00:00:00.000Z';

/** The worker's per-instance job lock, held by the test as a job would hold it. */
async function holdInstanceLock(instanceId: string): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: ODOO_DB_ADMIN_URL });
  await client.connect();
  await client.query('select pg_advisory_lock(hashtext($1), hashtext($2))', ['saas.instance-job', instanceId]);
  return async () => {
    await client.end();
  };
}

function files(backupDir: string, tenantId: string, instanceId: string, backupId: string, format: 'zip' | 'tar' = 'zip') {
  const base = path.join(backupDir, tenantId, instanceId, `${backupId}.${format}`);
  return { archive: base, checksum: `${base}.sha256`, retention: `${base}.retention.json` };
}

const reports = (backup: ExpiredBackup) => (event: WorkerEvent): event is ObservationEvent =>
  event.kind === 'observation' && (event.expiredBackups ?? []).some((b) => b.instanceId === backup.instanceId && b.backupId === backup.backupId);

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('provisioning worker: backups removed when their retention ends', () => {
  let harness: WorkerHarness;
  let releaseLock: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    harness = await WorkerHarness.create();
    await harness.startWorker();
  });

  afterAll(async () => {
    await releaseLock?.();
    await harness?.teardown();
  });

  it('removes and reports an expired backup, keeps a fresh one, and waits for a busy instance', async () => {
    const instance = newTestInstance();
    expect(await harness.run(harness.job('CREATE', instance))).toMatchObject({ operationStatus: 'SUCCEEDED' });

    // A backup of another instance, expired, while a job holds that instance.
    const busy = { tenantId: randomUUID(), instanceId: randomUUID(), backupId: 'busy-expired' };
    releaseLock = await holdInstanceLock(busy.instanceId);
    const busyFiles = files(harness.backupDir, busy.tenantId, busy.instanceId, busy.backupId, 'tar');
    await mkdir(path.dirname(busyFiles.archive), { recursive: true });
    await writeFile(busyFiles.archive, 'archive');
    await writeFile(busyFiles.checksum, 'checksum');
    await writeFile(busyFiles.retention, JSON.stringify({ backupId: busy.backupId, instanceId: busy.instanceId, tenantId: busy.tenantId, retainUntil: PAST }));

    const fresh = harness.job('BACKUP', instance, { backupId: 'fresh', retainUntil: FUTURE });
    const expired = harness.job('BACKUP', instance, { backupId: 'expired', retainUntil: PAST });
    expect(await harness.run(fresh)).toMatchObject({ operationStatus: 'SUCCEEDED' });
    expect(await harness.run(expired)).toMatchObject({ operationStatus: 'SUCCEEDED', backup: { backupId: 'expired' } });

    const report = await harness.waitForEvent(reports({ instanceId: instance.id, backupId: 'expired' }));
    const expiredFiles = files(harness.backupDir, instance.tenantId, instance.id, 'expired');
    expect(existsSync(expiredFiles.archive)).toBe(false);
    expect(existsSync(expiredFiles.checksum)).toBe(false);
    // The sidecar goes once the report was confirmed by the broker.
    await until(() => !existsSync(expiredFiles.retention), 'the sidecar of the reported backup to go');

    const freshFiles = files(harness.backupDir, instance.tenantId, instance.id, 'fresh');
    expect([freshFiles.archive, freshFiles.checksum].map((file) => existsSync(file))).toEqual([true, true]);
    expect(JSON.parse(await readFile(freshFiles.retention, 'utf8'))).toEqual({
      backupId: 'fresh',
      instanceId: instance.id,
      tenantId: instance.tenantId,
      retainUntil: FUTURE,
    });

    // Two more full rounds while the lock is held: the busy instance's archive stays.
    const seen = harness.observations().indexOf(report);
    await until(() => harness.observations().length >= seen + 3, 'two more reconciler rounds');
    expect(existsSync(busyFiles.archive)).toBe(true);
    expect(harness.events.some(reports(busy))).toBe(false);

    await releaseLock();
    releaseLock = undefined;
    await harness.waitForEvent(reports(busy));
    expect([busyFiles.archive, busyFiles.checksum].map((file) => existsSync(file))).toEqual([false, false]);
    // Never reported again once confirmed.
    await until(() => !existsSync(busyFiles.retention), 'the sidecar of the busy backup to go');
    const reportsOfExpired = harness.observations().filter(reports({ instanceId: instance.id, backupId: 'expired' }));
    expect(reportsOfExpired).toHaveLength(1);
    expect(existsSync(freshFiles.archive)).toBe(true);
  });
});
