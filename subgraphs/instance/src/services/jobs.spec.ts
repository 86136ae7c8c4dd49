import { Instance } from '../entities/instance.entity';
import { InstanceOperation } from '../entities/instance-operation.entity';
import { buildJob } from './jobs';

describe('buildJob', () => {
  const instance = Object.assign(new Instance(), {
    id: '5b0d8a52-3c1e-4bbf-9f0a-2d3c4b5a6e7f',
    tenantId: '0f1e2d3c-4b5a-4697-8877-665544332211',
    subdomain: 'acme',
    odooVersion: '17.0',
    modules: ['sale'],
    resources: { cpuMillicores: 500, memoryMb: 512, storageGb: 5 },
    databasePasswordEncrypted: 'enc-db',
    adminPasswordEncrypted: 'enc-admin',
  });
  const backup = Object.assign(new InstanceOperation(), {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    seq: 3,
    type: 'BACKUP' as const,
    backupId: 'a1b2c3d4-0000-4000-8000-0000000000b1',
    createdAt: new Date('2026-11-24T10:00:00.000Z'),
  });

  it('tells the worker until when a backup is kept', () => {
    const job = buildJob(instance, backup, { retainUntil: new Date('2026-12-01T10:00:00.000Z') });
    expect(job).toMatchObject({ type: 'BACKUP', backupId: backup.backupId, retainUntil: '2026-12-01T10:00:00.000Z' });
  });

  it('says nothing of retention when the backup is kept', () => {
    expect(buildJob(instance, backup, { retainUntil: null })).not.toHaveProperty('retainUntil');
    expect(buildJob(instance, backup)).not.toHaveProperty('retainUntil');
  });
});
