import { parseJob } from './parse-job';

const valid = {
  operationId: 'op-1',
  operationSeq: 3,
  type: 'CREATE',
  instance: {
    id: '0b7c1f9e-1111-4222-8333-944445555666',
    tenantId: 't-1',
    subdomain: 'acme',
    odooVersion: '17.0',
    modules: ['sale'],
    resources: { cpuMillicores: 500, memoryMb: 512, storageGb: 5 },
    secrets: { databasePassword: 'v1.a.b.c', adminPassword: 'v1.a.b.c' },
  },
  requestedAt: '2026-01-01T00:00:00Z',
};

describe('parseJob', () => {
  it('accepts a job as an object, a JSON string or a buffer', () => {
    expect(parseJob(valid)).toMatchObject({ ok: true, job: { operationId: 'op-1' } });
    expect(parseJob(JSON.stringify(valid))).toMatchObject({ ok: true });
    expect(parseJob(Buffer.from(JSON.stringify(valid)))).toMatchObject({ ok: true });
  });

  it('rejects what is not JSON without identity (poison)', () => {
    const parsed = parseJob(Buffer.from('{"nope'));
    expect(parsed.ok).toBe(false);
    expect(parsed).not.toHaveProperty('identity.operationId');
  });

  it('names the operation of a malformed job, so its failure can be reported', () => {
    const parsed = parseJob({ ...valid, type: 'EXPLODE' });
    expect(parsed).toMatchObject({ ok: false, identity: { operationId: 'op-1', operationSeq: 3, instanceId: valid.instance.id, type: 'EXPLODE' } });
    if (!parsed.ok) expect(parsed.reason).toMatch(/^invalid job: type/);
  });

  it('refuses values that would end up unsafe in names, SQL or the config file', () => {
    expect(parseJob({ ...valid, instance: { ...valid.instance, id: 'x"; drop role' } }).ok).toBe(false);
    expect(parseJob({ ...valid, instance: { ...valid.instance, modules: ['sale,base'] } }).ok).toBe(false);
    expect(parseJob({ ...valid, instance: { ...valid.instance, subdomain: 'Not_A_Label' } }).ok).toBe(false);
    expect(parseJob({ ...valid, backupId: '../../etc' }).ok).toBe(false);
  });
});
