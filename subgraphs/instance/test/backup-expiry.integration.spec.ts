import { randomUUID } from 'node:crypto';
import { FINAL_STEPS } from '@saas/contracts';
import { Backup } from '../src/entities/backup.entity';
import { InstanceOperation } from '../src/entities/instance-operation.entity';
import { BackupExpiry } from '../src/services/backup-expiry.service';
import { ApplierHarness, silentLogger } from './support/applier-harness';

const ENVIRONMENT = 'test-backup-expiry';

describe('BackupExpiry (real PostgreSQL)', () => {
  let harness: ApplierHarness;
  let expiry: BackupExpiry;

  beforeAll(async () => {
    harness = await ApplierHarness.create();
    expiry = new BackupExpiry(harness.em(), ENVIRONMENT, silentLogger);
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  async function backupOf(operation: InstanceOperation, status: Backup['status']): Promise<Backup> {
    const completed = status === 'COMPLETED';
    const backup = Object.assign(new Backup(), {
      id: randomUUID(),
      instanceId: operation.instanceId,
      tenantId: operation.tenantId,
      operationId: operation.id,
      status,
      sizeBytes: completed ? '1024' : null,
      checksum: completed ? 'a'.repeat(64) : null,
      location: completed ? `/backups/${operation.tenantId}/${operation.instanceId}/x.tar` : null,
      createdAt: new Date('2026-11-01T00:00:00.000Z'),
      completedAt: completed ? new Date('2026-11-01T00:05:00.000Z') : null,
      expiresAt: new Date('2026-11-08T00:00:00.000Z'),
    });
    await harness.em().persist(backup).flush();
    return backup;
  }

  const read = (id: string) => harness.em().findOneOrFail(Backup, { id });
  const report = (backups: Backup[], environment = ENVIRONMENT) => ({
    environment,
    expiredBackups: backups.map((backup) => ({ instanceId: backup.instanceId, backupId: backup.id })),
  });

  it('marks reported backups EXPIRED with no location, once; a second report changes nothing', async () => {
    const { operation } = await harness.seed('BACKUP', 'RUNNING');
    const completed = await backupOf(operation, 'COMPLETED');
    const failed = await backupOf(operation, 'FAILED');
    const untouched = await backupOf(operation, 'COMPLETED');

    // Another environment's worker, and ids that are not ours: ignored.
    expect(await expiry.apply(report([completed], 'another-env'))).toBe(0);
    expect(await expiry.apply({ environment: ENVIRONMENT, expiredBackups: [{ instanceId: operation.instanceId, backupId: 'not-a-uuid' }] })).toBe(0);
    expect((await read(completed.id)).status).toBe('COMPLETED');

    expect(await expiry.apply(report([completed, failed]))).toBe(1);
    const expired = await read(completed.id);
    expect(expired).toMatchObject({ status: 'EXPIRED', location: null, checksum: completed.checksum });
    expect(String(expired.sizeBytes)).toBe('1024');
    expect(expired.expiresAt?.toISOString()).toBe('2026-11-08T00:00:00.000Z');
    expect(await read(failed.id)).toMatchObject({ status: 'FAILED' });
    expect(await read(untouched.id)).toMatchObject({ status: 'COMPLETED', location: untouched.location });

    // The worker repeats a report it was not sure was delivered.
    expect(await expiry.apply(report([completed, failed]))).toBe(0);
    expect(await read(completed.id)).toEqual(expired);
  });

  it('a backup reported expired stays EXPIRED when its job reports it complete afterwards', async () => {
    const { operation } = await harness.seed('BACKUP', 'RUNNING');
    const pending = await backupOf(operation, 'PENDING');
    await harness.em().nativeUpdate(InstanceOperation, { id: operation.id }, { backupId: pending.id });
    expect(await expiry.apply(report([pending]))).toBe(1);

    await harness.apply(
      harness.event(operation, 1, FINAL_STEPS.succeeded, 'SUCCEEDED', {
        instanceStatus: 'RUNNING',
        progress: 100,
        backup: { backupId: pending.id, sizeBytes: 10, checksum: 'b'.repeat(64), location: '/gone.tar' },
      }),
    );
    expect(await read(pending.id)).toMatchObject({ status: 'EXPIRED', location: null });
    expect((await harness.state(operation.instanceId, operation.id)).operation.status).toBe('SUCCEEDED');
  });
});
