import type { EntityManager } from '@mikro-orm/postgresql';
import { trialOverSince } from '../domain/trial';
import { Invoice } from '../entities/invoice.entity';
import type { Subscription } from '../entities/subscription.entity';
import { type Actor, audit } from './audit';
import { enqueueTenantBillingStatus } from './tenant-status';

/**
 * After an invoice was paid or voided, or the tenant left an expired trial for a paid plan (in
 * the same transaction, subscription row locked): once nothing is owed any more (no OPEN
 * invoice past due, no trial run out), a PAST_DUE subscription is ACTIVE again and a
 * suspended tenant is resumed (its instances start again). Only settling lifts a suspension,
 * never the passing of time, so running dunning "as of" an earlier instant cannot undo it.
 */
export async function settleIfNothingOverdue(tx: EntityManager, subscription: Subscription, actor: Actor | null, now: Date, reason: string): Promise<boolean> {
  if (trialOverSince(subscription, now)) return false;
  const overdue = await tx.count(Invoice, { tenantId: subscription.tenantId, status: 'OPEN', pastDueAt: { $ne: null } });
  if (overdue > 0) return false;
  if (subscription.status === 'PAST_DUE') subscription.status = 'ACTIVE';
  if (!subscription.suspendedAt) return false;
  subscription.suspendedAt = null;
  enqueueTenantBillingStatus(tx, subscription.tenantId, false, reason, now);
  audit(tx, actor, { tenantId: subscription.tenantId, action: 'subscription.resume', targetType: 'subscription', targetId: subscription.id });
  return true;
}
