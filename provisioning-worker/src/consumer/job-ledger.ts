import type { Logger } from '@saas/logger';
import { Pool } from 'pg';

/** The worker's own database on the Odoo database server. */
export const LEDGER_DATABASE = 'saas_worker';
const DUPLICATE_DATABASE = '42P04';

/**
 * The last operation started per instance. Delivery is at least once, so a job can arrive
 * again after a later operation of the same instance already ran (a duplicate CREATE after
 * a STOP would start the container again). A job older than the last one started is stale
 * and dropped; the same operation again (a redelivery after a crash, a retry) runs.
 */
export class JobLedger {
  private constructor(
    private readonly pool: Pool,
    private readonly environment: string,
  ) {}

  /** Creates the ledger database and table when missing. */
  static async open(adminUrl: string, environment: string, logger: Logger): Promise<JobLedger> {
    const admin = new Pool({ connectionString: adminUrl, max: 1 });
    try {
      await admin.query(`create database ${LEDGER_DATABASE}`).catch((error: { code?: string }) => {
        if (error.code !== DUPLICATE_DATABASE) throw error;
      });
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${LEDGER_DATABASE}`;
    const pool = new Pool({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 5_000 });
    pool.on('error', (error) => logger.warn({ err: error }, 'job ledger connection error'));
    await pool.query(`
      create table if not exists job_ledger (
        instance_id uuid primary key,
        operation_seq int not null,
        environment text not null,
        updated_at timestamptz not null default now()
      )`);
    return new JobLedger(pool, environment);
  }

  /** Records that the operation starts; false when a later operation of the instance already started. */
  async begin(instanceId: string, operationSeq: number): Promise<boolean> {
    const result = await this.pool.query(
      `insert into job_ledger (instance_id, operation_seq, environment) values ($1, $2, $3)
       on conflict (instance_id) do update set operation_seq = excluded.operation_seq, updated_at = now()
       where job_ledger.operation_seq <= excluded.operation_seq
       returning operation_seq`,
      [instanceId, operationSeq, this.environment],
    );
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
