import { TRIAL_PLAN_CODE } from '../entities/plan.entity';
import type { Subscription } from '../entities/subscription.entity';

/**
 * When the trial of a subscription that never left it ran out (`null` while it still runs,
 * or once the tenant subscribed to a paid plan or canceled). From that instant the tenant
 * owes a subscription, the way it owes an invoice from its due date. A trial that dunning
 * already found over (PAST_DUE) stays over whatever `now` a later caller asks about.
 */
export function trialOverSince(subscription: Pick<Subscription, 'planCode' | 'status' | 'trialEndsAt'>, now: Date): Date | null {
  if (subscription.planCode !== TRIAL_PLAN_CODE || subscription.status === 'CANCELED' || !subscription.trialEndsAt) return null;
  if (subscription.status === 'PAST_DUE') return subscription.trialEndsAt;
  return subscription.trialEndsAt.getTime() <= now.getTime() ? subscription.trialEndsAt : null;
}
