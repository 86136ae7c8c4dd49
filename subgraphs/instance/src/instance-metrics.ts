import type { EntityManager } from '@mikro-orm/postgresql';
import { INSTANCE_STATUSES } from '@saas/contracts';
import { counter, observedGauge } from '@saas/telemetry';

/**
 * `instances_by_status`, counted in the database when Prometheus scrapes (the subgraph is
 * the only writer of instance state, but several replicas may run: the database agrees).
 * Every status is reported, 0 included, so a dashboard sees a status empty out.
 */
export function observeInstancesByStatus(em: EntityManager): void {
  observedGauge({ name: 'instances_by_status', help: 'Instances per lifecycle status', labelNames: ['status'] }, async (gauge) => {
    const rows = await em
      .fork()
      .getConnection()
      .execute<{ status: string; count: string }[]>('select status, count(*) as count from instances group by status');
    const counts = new Map(rows.map((row) => [row.status, Number(row.count)]));
    for (const status of INSTANCE_STATUSES) gauge.set({ status }, counts.get(status) ?? 0);
  });
}

type ResultCounter = ReturnType<typeof counter<'result'>>;
let verifications: ResultCounter | undefined;

/** `backup_verifications_total{result="passed|failed"}`: every verification outcome applied. */
export function backupVerifications(): ResultCounter {
  verifications ??= counter<'result'>({ name: 'backup_verifications_total', help: 'Backup verifications applied, by result (passed, failed)', labelNames: ['result'] });
  return verifications;
}

/**
 * `hibernation_memory_freed_bytes`: memory hibernated instances no longer hold, summed when
 * Prometheus scrapes. Per instance, what its container used right before it was stopped, or
 * its plan's memory limit when the engine did not tell (`source` says which).
 */
export function observeHibernationMemory(em: EntityManager): void {
  observedGauge(
    { name: 'hibernation_memory_freed_bytes', help: 'Memory freed by hibernated instances (measured at hibernation, or the plan limit)', labelNames: ['source'] },
    async (gauge) => {
      const rows = await em.fork().getConnection().execute<{ measured: string | null; limit: string | null }[]>(
        `select sum(hibernated_memory_bytes) as measured,
                sum(case when hibernated_memory_bytes is null then (resources->>'memoryMb')::bigint * 1048576 end) as limit
           from instances where status = 'HIBERNATED'`,
      );
      const row = rows[0];
      gauge.set({ source: 'measured' }, Number(row?.measured ?? 0));
      gauge.set({ source: 'plan-limit' }, Number(row?.limit ?? 0));
    },
  );
}
