import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { maxDate } from '../domain/period';
import { PlanTerm } from '../entities/plan-term.entity';

/**
 * Ends the subscription's open term at `at` (never before it started) and returns the
 * instant it ended, where the next term starts: terms never overlap and leave no gap.
 */
export async function endOpenTerm(tx: EntityManager, subscriptionId: string, at: Date): Promise<Date> {
  const open = await tx.findOne(PlanTerm, { subscriptionId, endedAt: null });
  if (!open) return at;
  open.endedAt = maxDate(open.startedAt, at);
  // Written now: the unit of work would insert the next term first, and at most one term is open.
  await tx.flush();
  return open.endedAt;
}

export function startTerm(tx: EntityManager, subscription: { id: string; tenantId: string }, planCode: string, at: Date): PlanTerm {
  const term = tx.create(PlanTerm, { id: randomUUID(), subscriptionId: subscription.id, tenantId: subscription.tenantId, planCode, startedAt: at, endedAt: null });
  tx.persist(term);
  return term;
}
