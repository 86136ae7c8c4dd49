import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEvent } from '@saas/contracts';
import { type Connection, newestFirstPage } from '@saas/db';
import { AuditEntry } from '../entities/audit-entry.entity';

export type AuditLogPage = Connection<AuditEntry>;

/** The audit log: entries recorded here and those received from other subgraphs. */
export class AuditLogService {
  constructor(private readonly em: EntityManager) {}

  /** Newest first, keyset-paginated on (at, id) so pages stay stable while entries arrive. */
  page(tenantId: string, first: number | null | undefined, after: string | null | undefined): Promise<AuditLogPage> {
    return newestFirstPage(this.em, AuditEntry, { tenantId }, 'at', { first, after });
  }

  /** Stores an event from another subgraph once; false when it was a redelivery. */
  async ingest(event: AuditEvent): Promise<boolean> {
    const result = await this.em.getConnection().execute<{ affectedRows?: number }>(
      `insert into audit_entries (id, event_id, tenant_id, actor_user_id, action, target_type, target_id, ip, source, at, recorded_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
       on conflict (event_id) do nothing`,
      [
        randomUUID(),
        event.eventId,
        event.tenantId,
        event.actorUserId,
        event.action,
        event.targetType,
        event.targetId,
        event.ip,
        event.source,
        new Date(event.at),
      ],
      'run',
    );
    return (result.affectedRows ?? 0) > 0;
  }
}
