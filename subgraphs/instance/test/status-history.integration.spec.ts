import { randomUUID } from 'node:crypto';
import type { TenantAuthorizer } from '@saas/authz';
import type { InstanceStatus } from '@saas/contracts';
import { Instance } from '../src/entities/instance.entity';
import { changeStatus } from '../src/services/status-changes';
import { StatusHistory } from '../src/services/status-history';
import { ApplierHarness } from './support/applier-harness';

const viewer = { userId: randomUUID(), sessionId: randomUUID(), staff: false, accessToken: 'unused', expiresAt: 0 };
const members = { requireRole: async () => ({}) } as unknown as TenantAuthorizer;

describe('status history: what instanceStatusChanged(after:) replays (real PostgreSQL)', () => {
  let harness: ApplierHarness;

  beforeAll(async () => {
    harness = await ApplierHarness.create();
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  async function instanceOf(tenantId: string): Promise<Instance> {
    const { instance } = await harness.seed();
    await harness.em().nativeUpdate(Instance, { id: instance.id }, { tenantId, statusSeq: 0 });
    return instance;
  }

  /** One status change in its own transaction; `beforeCommit` runs after the insert. */
  async function change(instanceId: string, status: InstanceStatus, beforeCommit: () => Promise<void> = async () => undefined): Promise<void> {
    await harness.em().transactional(async (em) => {
      const instance = await em.findOneOrFail(Instance, { id: instanceId });
      changeStatus(em, instance, status, null, null);
      await em.flush();
      await beforeCommit();
    });
  }

  const history = (args: { tenantId: string; instanceId?: string; after?: string; first?: number; last?: number }) => new StatusHistory(harness.em(), members).after(viewer, args);
  const seen = (page: Awaited<ReturnType<typeof history>>) => page.edges.map((edge) => `${edge.node.instanceId === page.edges[0]?.node.instanceId ? 'first' : 'other'}:${edge.node.sequence}:${edge.node.status}`);

  it('lists a tenant’s changes across instances in commit order, and only those after a cursor', async () => {
    const tenantId = randomUUID();
    const a = await instanceOf(tenantId);
    const b = await instanceOf(tenantId);
    await change(a.id, 'PENDING');
    await change(b.id, 'PENDING');
    await change(a.id, 'PROVISIONING');
    await change(b.id, 'PROVISIONING');
    await change(a.id, 'RUNNING');

    const all = await history({ tenantId });
    expect(all.edges.map((edge) => [edge.node.instanceId, edge.node.sequence])).toEqual([
      [a.id, 1],
      [b.id, 1],
      [a.id, 2],
      [b.id, 2],
      [a.id, 3],
    ]);
    expect(all.totalCount).toBe(5);

    const rest = await history({ tenantId, after: all.edges[1]?.cursor });
    expect(rest.edges.map((edge) => edge.cursor)).toEqual(all.edges.slice(2).map((edge) => edge.cursor));
    const ofB = await history({ tenantId, instanceId: b.id, after: all.edges[0]?.cursor });
    expect(ofB.edges.map((edge) => [edge.node.instanceId, edge.node.sequence])).toEqual([
      [b.id, 1],
      [b.id, 2],
    ]);
    const page = await history({ tenantId, first: 2 });
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, endCursor: all.edges[1]?.cursor });
    expect(seen(await history({ tenantId, after: all.edges[4]?.cursor }))).toEqual([]);
    const newest = await history({ tenantId, last: 2 });
    expect(newest.edges.map((edge) => edge.cursor)).toEqual(all.edges.slice(3).map((edge) => edge.cursor));
  });

  it('numbers concurrent changes of one tenant in commit order: a reader never skips one committed later', async () => {
    const tenantId = randomUUID();
    const a = await instanceOf(tenantId);
    const b = await instanceOf(tenantId);
    let commitFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    let firstInserted: () => void = () => undefined;
    const inserted = new Promise<void>((resolve) => {
      firstInserted = resolve;
    });
    const first = change(a.id, 'PENDING', async () => {
      firstInserted();
      await firstHeld;
    });
    await inserted;
    // Waits for the tenant's counter until the first transaction commits.
    const second = change(b.id, 'PENDING');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await history({ tenantId })).edges).toEqual([]);
    commitFirst();
    await Promise.all([first, second]);
    expect((await history({ tenantId })).edges.map((edge) => edge.node.instanceId)).toEqual([a.id, b.id]);
  });

  it('refuses a cursor it did not issue, or one of another tenant, with BAD_USER_INPUT on after', async () => {
    const tenantId = randomUUID();
    const a = await instanceOf(tenantId);
    await change(a.id, 'PENDING');
    const [edge] = (await history({ tenantId })).edges;
    await expect(history({ tenantId: randomUUID(), after: edge?.cursor })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
    await expect(history({ tenantId, after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
