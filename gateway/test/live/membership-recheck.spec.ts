import type { Viewer } from '@saas/auth';
import type { TenantAccess } from '@saas/authz';
import { ServiceUnavailableError } from '@saas/errors';
import { createLogger } from '@saas/logger';
import type { LiveSubscription } from '../../src/live/live-subscription';
import { MembershipRecheck } from '../../src/live/membership-recheck';
import { subscriber, viewer } from './live-fixtures';

const TENANT = 'tenant-a';
const QUERY = 'subscription($tenantId: ID!) { instanceStatusChanged(tenantId: $tenantId) { status } }';
const logger = createLogger({ service: 'test', level: 'silent' });

function recheck(subscriptions: LiveSubscription[], accessOf: (viewer: Viewer) => Promise<TenantAccess | null>, concurrency = 8) {
  const moved: Array<[string, string]> = [];
  const lookups: string[] = [];
  const recheck = new MembershipRecheck({
    authorizer: {
      accessOf: async (asker) => {
        lookups.push(asker.userId);
        return accessOf(asker);
      },
    },
    subscriptions: () => subscriptions,
    changeRole: async (subscription, role) => {
      moved.push([subscription.viewer.userId, role]);
      subscription.role = role;
    },
    logger,
    concurrency,
    retryDelayMs: () => 1,
  });
  return { recheck, moved, lookups };
}

const access = (role: TenantAccess['role']): TenantAccess => ({ tenantId: TENANT, role, tenantStatus: 'ACTIVE' });

describe('MembershipRecheck', () => {
  it('keeps subscriptions through transient lookup failures and retries until it gets an answer', async () => {
    const subscription = subscriber({ viewer: viewer('user-1'), tenantId: TENANT, query: QUERY });
    let failures = 3;
    const { recheck: target, lookups } = recheck([subscription], async () => {
      if (failures-- > 0) throw new ServiceUnavailableError('Memberships cannot be checked right now; try again.');
      return access('MEMBER');
    });
    await target.onChange({ tenantId: TENANT });
    expect(lookups).toHaveLength(4);
    expect(subscription.iterator.isEnded).toBe(false);
    expect(subscription.iterator.queued).toBe(0);
  });

  it('ends the subscriptions of a definite non-member with FORBIDDEN', async () => {
    const subscription = subscriber({ viewer: viewer('user-1'), tenantId: TENANT, query: QUERY });
    const { recheck: target } = recheck([subscription], async () => null);
    await target.onChange({ tenantId: TENANT, userId: 'user-1' });
    const next = await subscription.iterator.next();
    expect(next.value?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(subscription.iterator.isEnded).toBe(true);
  });

  it('looks each affected user up once, whatever their number of subscriptions, and no more at once than the bound', async () => {
    const subscriptions = ['a', 'a', 'a', 'b', 'c', 'd'].map((user) => subscriber({ viewer: viewer(`user-${user}`), tenantId: TENANT, query: QUERY }));
    subscriptions.push(subscriber({ viewer: viewer('user-e'), tenantId: 'tenant-other', query: QUERY }));
    let inFlight = 0;
    let maxInFlight = 0;
    const { recheck: target, lookups, moved } = recheck(
      subscriptions,
      async (asker) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return access(asker.userId === 'user-a' ? 'ADMIN' : 'MEMBER');
      },
      2,
    );
    await target.onChange({ tenantId: TENANT });
    expect([...lookups].sort()).toEqual(['user-a', 'user-b', 'user-c', 'user-d']);
    expect(maxInFlight).toBe(2);
    expect(moved).toEqual([
      ['user-a', 'ADMIN'],
      ['user-a', 'ADMIN'],
      ['user-a', 'ADMIN'],
    ]);
  });
});
