import type { Viewer } from '@saas/auth';
import { DomainError } from '@saas/errors';
import { createLogger } from '@saas/logger';
import type { CachedMembership } from './membership-cache';
import { TenantAuthorizer } from './tenant-authorizer';

const viewer: Viewer = { userId: 'u1', sessionId: 's1', staff: false, accessToken: 't', expiresAt: Math.floor(Date.now() / 1000) + 900 };
const TENANT = '7d0f3c2e-5b1a-4c3d-9e8f-0a1b2c3d4e5f';

/** A cache that knows one ADMIN membership and records which tenant ids reached it. */
function authorizer() {
  const keys: string[] = [];
  const cache = {
    read: async (tenantId: string): Promise<{ entry?: CachedMembership; version: string }> => {
      keys.push(tenantId);
      return { entry: tenantId === TENANT ? { role: 'ADMIN', tenantStatus: 'ACTIVE' } : { role: null, tenantStatus: null }, version: '1' };
    },
    write: async () => undefined,
  };
  // No tenant subgraph behind it: every answer comes from the cache or from the id itself.
  return { keys, authorizer: new TenantAuthorizer({ cache, tenantUrl: 'http://127.0.0.1:9/graphql', logger: createLogger({ service: 'authz-test', level: 'silent' }) }) };
}

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('TenantAuthorizer', () => {
  it('authorizes a member by the canonical tenant id', async () => {
    const { authorizer: subject } = authorizer();
    await expect(subject.requireRole(viewer, TENANT, 'ADMIN')).resolves.toMatchObject({ role: 'ADMIN' });
  });

  it.each(['not-a-uuid', '', TENANT.toUpperCase(), `{${TENANT}}`, `${TENANT}x`, "1' or '1'='1"])(
    'answers a malformed tenant id %p like an unknown tenant (FORBIDDEN), without a lookup or a cache key',
    async (tenantId) => {
      const { authorizer: subject, keys } = authorizer();
      expect(await codeOf(() => subject.requireRole(viewer, tenantId, 'MEMBER'))).toBe('FORBIDDEN');
      await expect(subject.accessOf(viewer, tenantId)).resolves.toBeNull();
      expect(keys).toEqual([]);
    },
  );
});
