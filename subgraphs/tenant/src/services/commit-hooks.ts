import type { MembershipCache } from '@saas/authz';
import type { Logger } from '@saas/logger';
import type { CommitHooks, PendingEffects } from './transaction';

/**
 * After a commit: drop cached memberships (so other subgraphs ask again at once; this is
 * what makes a removed member lose access within a second) and wake the outbox relay.
 */
export class PlatformCommitHooks implements CommitHooks {
  constructor(
    private readonly cache: MembershipCache,
    private readonly relay: { wake(): void },
    private readonly logger: Logger,
  ) {}

  async afterCommit(effects: PendingEffects): Promise<void> {
    if (effects.outbox) this.relay.wake();
    await Promise.all(
      effects.invalidations.map(({ tenantId, ...change }) =>
        this.cache.invalidate(tenantId, change).catch((error: unknown) => {
          // Committed already: the cache TTL is the safety net; say loudly that it is needed.
          this.logger.error({ err: error, tenantId }, 'membership cache invalidation failed');
        }),
      ),
    );
  }
}
