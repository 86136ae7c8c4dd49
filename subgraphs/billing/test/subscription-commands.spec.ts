import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { TenantAuthorizer } from '@saas/authz';
import { DomainError } from '@saas/errors';
import type { Actor } from '../src/services/audit';
import type { InstanceInventory } from '../src/services/instance-directory';
import { SubscriptionCommands } from '../src/services/subscription-commands.service';
import type { SubscriptionService } from '../src/services/subscription.service';
import { silentLogger } from './support/billing-database';

const viewer: Viewer = { userId: 'u1', sessionId: 's1', staff: false, accessToken: 't', expiresAt: Math.floor(Date.now() / 1000) + 900 };
const actor = { viewer } as unknown as Actor;
const unreachable = () => {
  throw new Error('reached past authorization');
};

/** Billing's subscription commands with the real authorizer: a stranger everywhere, nothing past authorization. */
function commands(): SubscriptionCommands {
  const authorizer = new TenantAuthorizer({
    cache: { read: async () => ({ entry: { role: null, tenantStatus: null }, version: '1' }), write: async () => undefined },
    tenantUrl: 'http://127.0.0.1:9/graphql',
    logger: silentLogger,
  });
  const nothing = new Proxy({}, { get: unreachable });
  return new SubscriptionCommands({
    em: nothing as EntityManager,
    subscriptions: nothing as SubscriptionService,
    instances: nothing as InstanceInventory,
    authorizer,
    clock: () => new Date(),
    afterCommit: () => undefined,
  });
}

async function codeOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
    return 'accepted';
  } catch (error) {
    return error instanceof DomainError ? error.code : error;
  }
}

describe('subscribeTenant and cancelSubscription: ids of tenants you cannot see', () => {
  it.each(['not-a-uuid', '7d0f3c2e', '7d0f3c2e-5b1a-4c3d-9e8f-0a1b2c3d4e5f'])('answers the tenant id %p with FORBIDDEN, as an unknown tenant (README rule)', async (tenantId) => {
    expect(await codeOf(() => commands().subscribe(viewer, actor, tenantId, 'starter'))).toBe('FORBIDDEN');
    expect(await codeOf(() => commands().cancel(viewer, actor, tenantId))).toBe('FORBIDDEN');
  });
});
