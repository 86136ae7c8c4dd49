import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueueAuditEvent } from '@saas/messaging';

/** Who did something: a signed-in user (with the client address), or the platform itself (null). */
export interface Actor {
  userId: string;
  ip: string | null;
}

/** Records a tenant-scoped billing change in the audit log, in the caller's transaction. */
export function audit(
  tx: EntityManager,
  actor: Actor | null,
  entry: { tenantId: string; action: string; targetType: string; targetId: string },
): void {
  enqueueAuditEvent(tx, { ...entry, actorUserId: actor?.userId ?? null, ip: actor?.ip ?? null, source: 'billing' });
}
