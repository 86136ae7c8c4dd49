import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import { Invoice } from '../entities/invoice.entity';
import { Subscription } from '../entities/subscription.entity';
import { audit } from './audit';
import type { BillingSettings } from './billing-settings';
import { enqueueTenantBillingStatus } from './tenant-status';

const DAY_MS = 86_400_000;

export interface DunningResult {
  pastDue: number;
  suspended: number;
}

/**
 * Chases unpaid invoices as of `now`: an OPEN invoice past its due date makes the
 * subscription PAST_DUE; past the due date and the grace period, the tenant is suspended
 * (announced once through the outbox: the tenant becomes SUSPENDED and its instances are
 * stopped). It only escalates; payment (`settleIfNothingOverdue`) is what resumes.
 */
export class DunningService {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: BillingSettings,
    private readonly logger: Logger,
    private readonly afterCommit: () => void,
  ) {}

  async run(now: Date): Promise<DunningResult> {
    const tenants = await this.em.fork().execute<Array<{ tenant_id: string }>>(
      "select distinct tenant_id from invoices where status = 'OPEN' and due_at <= ?",
      [now],
    );
    const result: DunningResult = { pastDue: 0, suspended: 0 };
    for (const { tenant_id: tenantId } of tenants) {
      const outcome = await this.chase(tenantId, now);
      result.pastDue += outcome.pastDue ? 1 : 0;
      result.suspended += outcome.suspended ? 1 : 0;
    }
    if (result.pastDue + result.suspended > 0) this.afterCommit();
    this.logger.info({ ...result, now: now.toISOString() }, 'dunning run');
    return result;
  }

  private async chase(tenantId: string, now: Date): Promise<{ pastDue: boolean; suspended: boolean }> {
    const graceMs = this.settings.graceDays * DAY_MS;
    return this.em.fork().transactional(async (tx) => {
      const subscription = await tx.findOne(Subscription, { tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!subscription) return { pastDue: false, suspended: false };
      const overdue = await tx.find(
        Invoice,
        { tenantId, status: 'OPEN', dueAt: { $lte: now } },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { dueAt: 'asc' } },
      );
      for (const invoice of overdue) invoice.pastDueAt ??= now;
      let pastDue = false;
      if (overdue.length > 0 && (subscription.status === 'ACTIVE' || subscription.status === 'TRIALING')) {
        subscription.status = 'PAST_DUE';
        pastDue = true;
        audit(tx, null, { tenantId, action: 'subscription.past_due', targetType: 'subscription', targetId: subscription.id });
      }
      const beyondGrace = overdue.find((invoice) => invoice.dueAt && invoice.dueAt.getTime() + graceMs <= now.getTime());
      if (!beyondGrace || subscription.suspendedAt) return { pastDue, suspended: false };
      subscription.suspendedAt = now;
      const reason = `Invoice ${beyondGrace.number} unpaid since ${beyondGrace.dueAt?.toISOString() ?? ''}`;
      enqueueTenantBillingStatus(tx, tenantId, true, reason, now);
      audit(tx, null, { tenantId, action: 'subscription.suspend', targetType: 'invoice', targetId: beyondGrace.number });
      this.logger.info({ tenantId, invoice: beyondGrace.number }, 'tenant suspended for an unpaid invoice');
      return { pastDue, suspended: true };
    });
  }
}
