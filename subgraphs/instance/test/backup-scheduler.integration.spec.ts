import { randomUUID } from 'node:crypto';
import type { TenantAuthorizer } from '@saas/authz';
import type { InstanceJob } from '@saas/contracts';
import { DEV_LINK_SIGNING_KEY, DEV_SECRETS_KEY, parseLinkSigningKey, parseSecretsKey } from '@saas/secrets';
import { Backup } from '../src/entities/backup.entity';
import type { Instance } from '../src/entities/instance.entity';
import { InstanceOperation } from '../src/entities/instance-operation.entity';
import { BackupScheduler } from '../src/services/backup-scheduler.service';
import type { EntitlementsClient } from '../src/services/entitlements.client';
import { InstanceCommands } from '../src/services/instance-commands.service';
import type { InstanceSettings } from '../src/services/instance-settings';
import { ApplierHarness, silentLogger } from './support/applier-harness';

const settings: InstanceSettings = {
  supportedVersions: ['17.0'],
  baseDomain: 'odoo.test',
  urlScheme: 'http',
  secretsKey: parseSecretsKey(DEV_SECRETS_KEY),
  environment: 'test-scheduler',
  edgePorts: { http: 80, https: 443 },
  customDomainLimits: new Map(),
  links: { key: parseLinkSigningKey(DEV_LINK_SIGNING_KEY), publicUrl: 'http://gateway.test', downloadTtlMs: 600_000, uploadTtlMs: 3_600_000 },
  importDefaultMaxBytes: 1024,
};

describe('BackupScheduler (real PostgreSQL, fake clock)', () => {
  let harness: ApplierHarness;
  const window = { startHour: 1, hours: 4 };
  // After every instance's quiet time of that day.
  const lateOn = (day: string) => new Date(`${day}T23:00:00Z`);

  const scheduler = () =>
    new BackupScheduler({
      em: harness.em(),
      // The platform's own operations need no authorizer nor billing.
      commands: () =>
        new InstanceCommands({
          em: harness.em(),
          authorizer: {} as unknown as TenantAuthorizer,
          entitlements: {} as unknown as EntitlementsClient,
          settings,
          afterCommit: () => undefined,
        }),
      window,
      logger: silentLogger,
    });

  beforeAll(async () => {
    harness = await ApplierHarness.create();
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  /** An instance whose creation succeeded at `at`, in `status`. */
  async function instanceIn(status: Instance['status'], at = new Date('2026-12-01T10:00:00Z')): Promise<Instance> {
    const { instance, operation } = await harness.seed('CREATE', status);
    await harness.em().nativeUpdate(InstanceOperation, { id: operation.id }, { status: 'SUCCEEDED', createdAt: at, finishedAt: at });
    creations.set(instance.id, operation.id);
    return instance;
  }
  const creations = new Map<string, string>();

  const backupsOf = (instanceId: string) => harness.em().find(Backup, { instanceId }, { orderBy: { createdAt: 'asc' } });
  const finishOperations = (instanceId: string) =>
    harness.em().nativeUpdate(InstanceOperation, { instanceId, status: { $in: ['QUEUED', 'RUNNING'] } }, { status: 'SUCCEEDED', finishedAt: new Date() });
  const jobsOf = async (instanceId: string) =>
    ((await harness.em().execute(`select payload from outbox_messages where payload->'instance'->>'id' = ?`, [instanceId])) as Array<{ payload: InstanceJob }>).map((row) => row.payload);

  it('queues one SCHEDULED backup a day per RUNNING instance, kept by the 7/4/3 rotation, and none twice', async () => {
    const running = await instanceIn('RUNNING');
    const provisioning = await instanceIn('PROVISIONING');
    const hibernated = await instanceIn('HIBERNATED');

    await scheduler().tick(lateOn('2026-12-02'));
    const [backup] = await backupsOf(running.id);
    expect(backup).toMatchObject({ kind: 'SCHEDULED', status: 'PENDING', scheduledFor: '2026-12-02', expiresAt: null });
    expect(await backupsOf(provisioning.id)).toEqual([]);
    expect(await backupsOf(hibernated.id)).toEqual([]);
    const backupJob = (await jobsOf(running.id)).find((job) => job.type === 'BACKUP');
    expect(backupJob).toMatchObject({ backupId: backup?.id, rotation: { daily: 7, weekly: 4, monthly: 3 } });
    expect(backupJob?.retainUntil).toBeUndefined();

    // Done for the day, whichever replica ticks again, at once or later.
    await finishOperations(running.id);
    await Promise.all([scheduler().tick(lateOn('2026-12-02')), scheduler().tick(lateOn('2026-12-02'))]);
    expect(await backupsOf(running.id)).toHaveLength(1);

    // The next day: the next one; two replicas at once still queue one.
    await Promise.all([scheduler().tick(lateOn('2026-12-03')), scheduler().tick(lateOn('2026-12-03'))]);
    expect((await backupsOf(running.id)).map((each) => each.scheduledFor)).toEqual(['2026-12-02', '2026-12-03']);
  });

  it('skips a STOPPED instance that has not changed since its last backup, and backs up one that has', async () => {
    const unchanged = await instanceIn('STOPPED', new Date('2026-12-01T10:00:00Z'));
    const changed = await instanceIn('STOPPED', new Date('2026-12-01T10:00:00Z'));
    for (const instance of [unchanged, changed]) {
      const operationId = creations.get(instance.id);
      await harness.em().persist(
        Object.assign(new Backup(), {
          id: randomUUID(),
          instanceId: instance.id,
          tenantId: instance.tenantId,
          operationId,
          status: 'COMPLETED',
          kind: 'SCHEDULED',
          scheduledFor: '2026-12-01',
          createdAt: new Date('2026-12-01T12:00:00Z'),
          completedAt: new Date('2026-12-01T12:05:00Z'),
        }),
      ).flush();
    }
    // Started, used and stopped again after its backup.
    const stop = Object.assign(new InstanceOperation(), {
      id: randomUUID(),
      instanceId: changed.id,
      tenantId: changed.tenantId,
      seq: 2,
      type: 'STOP' as const,
      status: 'SUCCEEDED' as const,
      createdAt: new Date('2026-12-01T18:00:00Z'),
    });
    await harness.em().persist(stop).flush();
    await harness.em().nativeUpdate('Instance', { id: changed.id }, { operationSeq: 2 });

    await scheduler().tick(lateOn('2026-12-02'));
    expect((await backupsOf(unchanged.id)).map((backup) => backup.scheduledFor)).toEqual(['2026-12-01']);
    expect((await backupsOf(changed.id)).map((backup) => backup.scheduledFor)).toEqual(['2026-12-01', '2026-12-02']);
  });
});
