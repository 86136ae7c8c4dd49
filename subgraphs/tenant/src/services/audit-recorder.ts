import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../entities/audit-entry.entity';

/** Who made a change: the signed-in user and the address the request came from. */
export interface Caller {
  userId: string;
  ip: string | null;
}

export interface AuditedChange {
  tenantId: string;
  action: string;
  targetType: string;
  targetId: string;
}

/** The source name of entries this subgraph records itself. */
export const AUDIT_SOURCE = 'tenant';

/**
 * Records a change of this subgraph in the caller's transaction (no trip through the
 * broker: this subgraph stores the audit log). `eventId` lets a redelivered billing
 * message be recognised as already applied.
 */
export function recordAudit(
  tx: EntityManager,
  actor: { userId: string | null; ip: string | null },
  change: AuditedChange,
  eventId?: string,
): AuditEntry {
  const id = randomUUID();
  const now = new Date();
  const entry = tx.create(AuditEntry, {
    id,
    eventId: eventId ?? id,
    tenantId: change.tenantId,
    actorUserId: actor.userId,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    ip: actor.ip,
    source: AUDIT_SOURCE,
    at: now,
    recordedAt: now,
  });
  tx.persist(entry);
  return entry;
}
