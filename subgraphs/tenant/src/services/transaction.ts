import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@saas/authz';

/** A change other processes must hear about once it is committed (never before: it could roll back). */
export interface MembershipInvalidation {
  tenantId: string;
  userId?: string;
  role?: Role | null;
}

/** What a transaction changed that needs work after commit. */
export class PendingEffects {
  readonly invalidations: MembershipInvalidation[] = [];
  outbox = false;

  /** A membership was added, changed or removed (`role: null`), or the tenant's status changed. */
  invalidate(change: MembershipInvalidation): void {
    this.invalidations.push(change);
  }

  /** A row was added to the outbox: the relay should publish it now rather than at its next poll. */
  wroteOutbox(): void {
    this.outbox = true;
  }
}

/** Runs after a commit: membership cache invalidation and outbox relay wake-up. */
export interface CommitHooks {
  afterCommit(effects: PendingEffects): Promise<void>;
}

/**
 * Runs `work` in one transaction and, only once it committed, its effects. Everything a
 * mutation writes (the change, its audit entry, its outbox message) commits or rolls back together.
 */
export async function inTransaction<T>(
  em: EntityManager,
  hooks: CommitHooks,
  work: (tx: EntityManager, effects: PendingEffects) => Promise<T>,
): Promise<T> {
  const effects = new PendingEffects();
  const result = await em.transactional((tx) => work(tx as EntityManager, effects));
  await hooks.afterCommit(effects);
  return result;
}
