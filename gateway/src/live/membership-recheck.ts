import type { TenantAccess, TenantAuthorizer } from '@saas/authz';
import type { Logger } from '@saas/logger';
import { GraphQLError } from 'graphql';
import type { LiveSubscription } from './live-subscription';
import { mayReadLogs } from './subscription-authorizer';
import type { MembershipChange } from './tenant-event-hub';

export interface MembershipRecheckConfig {
  authorizer: Pick<TenantAuthorizer, 'accessOf'>;
  /** Every live subscription of this gateway (status, progress and logs). */
  subscriptions: () => LiveSubscription[];
  /** Moves a status or progress subscription to its new role's group (nothing lost). */
  changeRole: (subscription: LiveSubscription, role: TenantAccess['role']) => Promise<void>;
  logger: Logger;
  /** Users re-checked at once (each is one membership lookup). */
  concurrency?: number;
  /** Wait before the next try after a transient failure (attempt 0, 1, ...). */
  retryDelayMs?: (attempt: number) => number;
}

const DEFAULT_CONCURRENCY = 8;
const defaultRetryDelay = (attempt: number) => Math.min(1_000 * 2 ** attempt, 30_000);

const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/**
 * What a membership change means for open subscriptions. One lookup per affected user (not
 * per subscription), a bounded number at once. Only a definite answer acts: not a member
 * (or no longer allowed to read logs) ends the subscriptions with FORBIDDEN, another role
 * moves them to that role's group; a lookup that fails (Redis or the tenant subgraph down)
 * is retried with back-off while the subscriptions are open, never taken for a refusal.
 */
export class MembershipRecheck {
  constructor(private readonly config: MembershipRecheckConfig) {}

  async onChange(change: MembershipChange): Promise<void> {
    const byUser = new Map<string, LiveSubscription[]>();
    for (const subscription of this.config.subscriptions()) {
      if (subscription.tenantId !== change.tenantId) continue;
      if (change.userId && change.userId !== subscription.viewer.userId) continue;
      const list = byUser.get(subscription.viewer.userId) ?? [];
      list.push(subscription);
      byUser.set(subscription.viewer.userId, list);
    }
    const users = [...byUser.values()];
    const workers = Array.from({ length: Math.min(this.config.concurrency ?? DEFAULT_CONCURRENCY, users.length) }, async () => {
      for (let next = users.shift(); next; next = users.shift()) await this.recheckUser(change.tenantId, next);
    });
    await Promise.all(workers);
  }

  private async recheckUser(tenantId: string, subscriptions: LiveSubscription[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      const open = subscriptions.filter((subscription) => !subscription.iterator.isEnded);
      if (open.length === 0) return;
      // Any of the user's sockets may ask; the token that lives longest is the safest bet.
      const asker = open.reduce((best, subscription) => (subscription.viewer.expiresAt > best.viewer.expiresAt ? subscription : best));
      let access: TenantAccess | null;
      try {
        access = await this.config.authorizer.accessOf(asker.viewer, tenantId);
      } catch (error) {
        const delay = (this.config.retryDelayMs ?? defaultRetryDelay)(attempt);
        this.config.logger.warn({ err: error, tenantId, userId: asker.viewer.userId, retryInMs: delay }, 'membership re-check failed; live subscriptions kept, retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      await Promise.all(open.map((subscription) => this.apply(subscription, access)));
      return;
    }
  }

  private async apply(subscription: LiveSubscription, access: TenantAccess | null): Promise<void> {
    if (!access || (subscription.field === 'instanceLogs' && !mayReadLogs(access.role))) {
      subscription.iterator.push({ errors: [forbidden(access ? 'Live logs are for ADMIN and above.' : 'You are no longer a member of this tenant.')] });
      subscription.iterator.end();
    } else if (subscription.field === 'instanceLogs') {
      subscription.role = access.role;
    } else if (access.role !== subscription.role) {
      await this.config.changeRole(subscription, access.role);
    }
  }
}
