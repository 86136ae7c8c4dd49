import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditEvent } from '@saas/contracts';
import { type AuditCursor, decodeAuditCursor, encodeAuditCursor, parsePageSize } from '../domain/cursor';
import { AuditEntry } from '../entities/audit-entry.entity';

export interface AuditLogPage {
  edges: Array<{ cursor: string; node: AuditEntry }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** The audit log: entries recorded here and those received from other subgraphs. */
export class AuditLogService {
  constructor(private readonly em: EntityManager) {}

  /** Newest first, keyset-paginated on (at, id) so pages stay stable while entries arrive. */
  async page(tenantId: string, first: number | null | undefined, after: string | null | undefined): Promise<AuditLogPage> {
    const size = parsePageSize(first);
    const cursor: AuditCursor | undefined = after ? decodeAuditCursor(after) : undefined;
    const position = cursor ? { $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, id: { $lt: cursor.id } }] } : {};
    const [rows, totalCount] = await Promise.all([
      size === 0
        ? Promise.resolve([] as AuditEntry[])
        : this.em.find(AuditEntry, { tenantId, ...position }, { orderBy: { at: 'desc', id: 'desc' }, limit: size + 1 }),
      this.em.count(AuditEntry, { tenantId }),
    ]);
    const edges = rows.slice(0, size).map((node) => ({ cursor: encodeAuditCursor(node), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > size,
        hasPreviousPage: cursor !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount,
    };
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
