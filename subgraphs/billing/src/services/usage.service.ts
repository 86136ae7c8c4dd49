import type { EntityManager } from '@mikro-orm/postgresql';
import type { InstanceStatus, InstanceStatusChanged } from '@saas/contracts';
import { runningMilliseconds, type StatusFact, summarizeUsage, type UsageSummary } from '../domain/metering';
import type { Period } from '../domain/period';

/** Metered use of one period, for `Tenant.usage` and invoices. */
export interface UsageReport extends UsageSummary {
  period: Period;
}

interface FactRow {
  instance_id: string;
  sequence: number;
  status: InstanceStatus;
  at: Date;
}

/**
 * Usage is computed from the stored status changes, not kept as running totals: a change
 * stored once (keyed by instance and sequence) counts once, and changes arriving late or out
 * of order simply take their place in the sequence.
 */
export class UsageService {
  constructor(private readonly em: EntityManager) {}

  /** Stores a status change; false when it was already stored (a redelivery or duplicate). */
  async record(change: InstanceStatusChanged): Promise<boolean> {
    const rows = await this.em.execute<Array<{ sequence: number }>>(
      `insert into instance_status_events (instance_id, sequence, tenant_id, status, at)
       values (?, ?, ?, ?, ?) on conflict (instance_id, sequence) do nothing returning sequence`,
      [change.instanceId, change.sequence, change.tenantId, change.status, new Date(change.at)],
    );
    return rows.length > 0;
  }

  /** RUNNING time of each of the tenant's instances in `period`; a still-running instance counts up to `now`. */
  async usageOf(tenantId: string, period: Period, now: Date): Promise<UsageReport> {
    // Changes in the period, plus each instance's last change before it (its state at the start).
    const rows = await this.em.execute<FactRow[]>(
      `select instance_id, sequence, status, at from instance_status_events
       where tenant_id = ? and at < ? and (at >= ? or (instance_id, sequence) in (
         select distinct on (instance_id) instance_id, sequence from instance_status_events
         where tenant_id = ? and at < ? order by instance_id, sequence desc))`,
      [tenantId, period.end, period.start, tenantId, period.start],
    );
    const facts: StatusFact[] = rows.map((row) => ({ instanceId: row.instance_id, sequence: row.sequence, status: row.status, at: new Date(row.at) }));
    return { period, ...summarizeUsage(runningMilliseconds(facts, period, now)) };
  }
}
