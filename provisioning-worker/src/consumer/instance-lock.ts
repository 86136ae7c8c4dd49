import type { Logger } from '@saas/logger';
import type { OdooDbAdmin } from '../odoo-db/odoo-db-admin';

/** First key of the advisory lock pair: "instance jobs" (the second is the instance id's hash). */
const LOCK_NAMESPACE = 'saas.instance-job';

export type ReleaseLock = () => Promise<void>;

/**
 * One job per instance at a time, across every worker process: a session-level advisory
 * lock on the Odoo database server, held on a connection of its own for the whole job. A
 * worker that dies loses its connection, and PostgreSQL releases the lock with it.
 */
export class InstanceLocks {
  constructor(
    private readonly admin: OdooDbAdmin,
    private readonly logger: Logger,
  ) {}

  /** The release function, or undefined when another job holds the instance. */
  async tryAcquire(instanceId: string): Promise<ReleaseLock | undefined> {
    const client = await this.admin.dedicatedClient();
    try {
      const result = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked',
        [LOCK_NAMESPACE, instanceId],
      );
      if (result.rows[0]?.locked !== true) {
        await client.end();
        return undefined;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return async () => {
      try {
        await client.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [LOCK_NAMESPACE, instanceId]);
      } catch (error) {
        this.logger.warn({ err: error, instanceId }, 'could not release instance lock; closing its connection releases it');
      } finally {
        await client.end().catch(() => undefined);
      }
    };
  }
}
