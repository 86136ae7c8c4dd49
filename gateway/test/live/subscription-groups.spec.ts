import { createLogger } from '@saas/logger';
import type { GraphQLSchema } from 'graphql';
import { SubscriptionGroups } from '../../src/live/subscription-groups';
import {
  apiSchema,
  InMemoryTenantEvents,
  nextResults,
  RecordingSupergraph,
  statusEvent,
  subscriber,
  viewer,
} from './live-fixtures';

const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';
const INSTANCE = 'instance-1';

const SHARED = `subscription($tenantId: ID!) {
  instanceStatusChanged(tenantId: $tenantId) { status sequence instance { id name tenant { name } } }
}`;

/** The leak of the audit: `memberships` of a co-member shows only the tenants the viewer shares. */
const MEMBERSHIPS = `subscription($tenantId: ID!) {
  instanceStatusChanged(tenantId: $tenantId) {
    sequence
    instance { tenant { members { user { memberships { tenant { name } } } } } }
  }
}`;

const MEMBERSHIPS_IN_FRAGMENT = `subscription($tenantId: ID!) {
  instanceStatusChanged(tenantId: $tenantId) { sequence instance { tenant { members { ...Member } } } }
}
fragment Member on Membership { role user { memberships { tenant { name } } } }`;

/** What the instance subgraph would answer: the tenant names depend on who asks. */
const answer = (asker: { userId: string }) => ({
  id: INSTANCE,
  name: 'Shop',
  tenant: { name: 'Acme', members: [{ role: 'OWNER', user: { memberships: [{ tenant: { name: `seen by ${asker.userId}` } }] } }] },
});

describe('SubscriptionGroups', () => {
  let schema: GraphQLSchema;
  let events: InMemoryTenantEvents;
  let supergraph: RecordingSupergraph;
  let groups: SubscriptionGroups;

  beforeAll(() => {
    schema = apiSchema();
  });

  beforeEach(() => {
    events = new InMemoryTenantEvents();
    supergraph = new RecordingSupergraph(answer);
    groups = new SubscriptionGroups(events, () => schema, supergraph.fetchAs, createLogger({ service: 'test', level: 'silent' }));
  });

  it('resolves one event once for N identical subscribers and sends each of them the result', async () => {
    const subscribers = Array.from({ length: 25 }, (_, i) => subscriber({ viewer: viewer(`user-${i}`), tenantId: TENANT, query: SHARED }));
    for (const s of subscribers) await groups.add(s);
    expect(groups.size).toEqual({ subscriptions: 25, groups: 1 });
    expect(events.listenerCount(TENANT)).toBe(1);

    events.publish(statusEvent(TENANT, INSTANCE, 1));
    const received = await Promise.all(subscribers.map((s) => nextResults(s, 1)));

    expect(supergraph.fetches).toHaveLength(1);
    for (const [result] of received) {
      expect(result).toEqual({ data: { instanceStatusChanged: { status: 'RUNNING', sequence: 1, instance: { id: INSTANCE, name: 'Shop', tenant: { name: 'Acme' } } } } });
    }
  });

  it('resolves separately for different tenants, each as one of its own members', async () => {
    const inA = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: SHARED });
    const inB = subscriber({ viewer: viewer('bob'), tenantId: OTHER_TENANT, query: SHARED });
    await groups.add(inA);
    await groups.add(inB);
    expect(groups.size.groups).toBe(2);

    events.publish(statusEvent(TENANT, INSTANCE, 1));
    events.publish(statusEvent(OTHER_TENANT, 'instance-2', 1));
    await Promise.all([nextResults(inA, 1), nextResults(inB, 1)]);

    expect(supergraph.fetches.map((f) => [f.userId, f.variables.liveEventId]).sort()).toEqual([
      ['alice', INSTANCE],
      ['bob', 'instance-2'],
    ]);
  });

  it('resolves separately for different roles in one tenant', async () => {
    const owner = subscriber({ viewer: viewer('owner'), tenantId: TENANT, role: 'OWNER', query: SHARED });
    const member = subscriber({ viewer: viewer('member'), tenantId: TENANT, role: 'MEMBER', query: SHARED });
    const secondMember = subscriber({ viewer: viewer('member-2'), tenantId: TENANT, role: 'MEMBER', query: SHARED });
    for (const s of [owner, member, secondMember]) await groups.add(s);
    expect(groups.size.groups).toBe(2);

    events.publish(statusEvent(TENANT, INSTANCE, 1));
    await Promise.all([owner, member, secondMember].map((s) => nextResults(s, 1)));

    expect(supergraph.fetches.map((f) => f.userId).sort()).toEqual(['member', 'owner']);
  });

  it.each([
    ['a selection', MEMBERSHIPS],
    ['a fragment', MEMBERSHIPS_IN_FRAGMENT],
  ])('resolves per viewer when %s reaches User, so no one receives what another user sees', async (_case, query) => {
    const alice = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query });
    const bob = subscriber({ viewer: viewer('bob'), tenantId: TENANT, query });
    const aliceAgain = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query });
    for (const s of [alice, bob, aliceAgain]) await groups.add(s);
    expect(groups.size.groups).toBe(2);

    events.publish(statusEvent(TENANT, INSTANCE, 1));
    const [[forAlice], [forBob], [forAliceAgain]] = await Promise.all([alice, bob, aliceAgain].map((s) => nextResults(s, 1)));

    const seen = (result: typeof forAlice) => JSON.stringify(result?.data).match(/seen by [a-z]+/g);
    expect(seen(forAlice)).toEqual(['seen by alice']);
    expect(seen(forAliceAgain)).toEqual(['seen by alice']);
    expect(seen(forBob)).toEqual(['seen by bob']);
    expect(supergraph.fetches.map((f) => f.userId).sort()).toEqual(['alice', 'bob']);
  });

  it('keeps a staff viewer apart from members with the same role', async () => {
    const member = subscriber({ viewer: viewer('member'), tenantId: TENANT, query: SHARED });
    const staff = subscriber({ viewer: viewer('operator', true), tenantId: TENANT, query: SHARED });
    await groups.add(member);
    await groups.add(staff);
    expect(groups.size.groups).toBe(2);
  });

  it('delivers the events of one instance in order, even while earlier ones are still being resolved', async () => {
    const subscribers = [subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: SHARED }), subscriber({ viewer: viewer('bob'), tenantId: TENANT, query: SHARED })];
    for (const s of subscribers) await groups.add(s);

    const release = supergraph.hold();
    events.publish(statusEvent(TENANT, INSTANCE, 1, 'PENDING'));
    events.publish(statusEvent(TENANT, INSTANCE, 2, 'PROVISIONING'));
    events.publish(statusEvent(TENANT, INSTANCE, 3, 'RUNNING'));
    release();

    for (const s of subscribers) {
      const results = await nextResults(s, 3);
      const events = results.map((r) => (r.data?.instanceStatusChanged as { sequence: number; status: string }) ?? null);
      expect(events.map((e) => [e.sequence, e.status])).toEqual([
        [1, 'PENDING'],
        [2, 'PROVISIONING'],
        [3, 'RUNNING'],
      ]);
    }
  });

  it('drops an instance event whose sequence is not newer than the last one delivered', async () => {
    const s = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: SHARED });
    await groups.add(s);

    events.publish(statusEvent(TENANT, INSTANCE, 1));
    events.publish(statusEvent(TENANT, INSTANCE, 3));
    events.publish(statusEvent(TENANT, INSTANCE, 2)); // overtaken: stale
    events.publish(statusEvent(TENANT, INSTANCE, 3)); // repeated
    events.publish(statusEvent(TENANT, 'instance-2', 1)); // another instance has its own sequence
    events.publish(statusEvent(TENANT, INSTANCE, 4));

    const results = await nextResults(s, 4);
    const delivered = results.map((r) => {
      const event = r.data?.instanceStatusChanged as { sequence: number; instance: { id: string } };
      return event.sequence;
    });
    expect(delivered).toEqual([1, 3, 1, 4]);
    expect(supergraph.fetches.map((f) => f.variables.liveEventId)).toEqual(expect.arrayContaining([INSTANCE, 'instance-2']));
  });

  it('stops listening to a tenant when its last subscriber leaves', async () => {
    const a = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: SHARED });
    const b = subscriber({ viewer: viewer('bob'), tenantId: TENANT, query: MEMBERSHIPS });
    await groups.add(a);
    await groups.add(b);
    groups.remove(a);
    expect(events.listenerCount(TENANT)).toBe(1);
    groups.remove(b);
    await Promise.resolve();
    expect(events.listenerCount(TENANT)).toBe(0);
    expect(groups.size).toEqual({ subscriptions: 0, groups: 0 });
  });

  it('moves a subscriber whose role changed to its new group without losing or repeating an event', async () => {
    const s = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: SHARED, role: 'MEMBER' });
    await groups.add(s);
    const release = supergraph.hold();
    events.publish(statusEvent(TENANT, INSTANCE, 1, 'PENDING'));
    events.publish(statusEvent(TENANT, INSTANCE, 2, 'PROVISIONING'));
    const moved = groups.changeRole(s, 'ADMIN');
    // Listened to by both groups for a moment: the old one still has 1 and 2 queued.
    await new Promise((resolve) => setTimeout(resolve, 10));
    events.publish(statusEvent(TENANT, INSTANCE, 3, 'RUNNING'));
    release();
    await moved;
    events.publish(statusEvent(TENANT, INSTANCE, 4, 'STOPPED'));

    const results = await nextResults(s, 4);
    expect(results.map((r) => (r.data?.instanceStatusChanged as { sequence: number }).sequence)).toEqual([1, 2, 3, 4]);
    expect(s.iterator.queued).toBe(0);
    expect(s.role).toBe('ADMIN');
    expect(groups.size).toEqual({ subscriptions: 1, groups: 1 });
    expect(events.listenerCount(TENANT)).toBe(1);
  });
});
