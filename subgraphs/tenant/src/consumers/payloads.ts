import type { AuditEvent, TenantBillingStatusChanged } from '@saas/contracts';
import { z } from '@saas/config';

const uuid = z.string().uuid();
const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time');

const auditEvent = z.object({
  eventId: z.string().min(1).max(100),
  tenantId: uuid,
  actorUserId: uuid.nullable(),
  action: z.string().min(1).max(100),
  targetType: z.string().min(1).max(50),
  targetId: z.string().min(1).max(200),
  ip: z.string().max(64).nullable(),
  source: z.string().regex(/^[a-z0-9-]{1,32}$/),
  at: isoTime,
});

const billingStatus = z.object({
  eventId: z.string().min(1).max(100),
  tenantId: z.string(),
  suspended: z.boolean(),
  reason: z.string().max(500),
  at: isoTime,
});

/** A message body as rabbitmq-client hands it over: parsed JSON, or a buffer/string. */
function json(body: unknown): unknown {
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
  try {
    return JSON.parse(body.toString());
  } catch {
    return null;
  }
}

/** Null for anything malformed: such a message is dead-lettered, never retried. */
export function parseAuditEvent(body: unknown): AuditEvent | null {
  const result = auditEvent.safeParse(json(body));
  return result.success ? result.data : null;
}

export function parseBillingStatus(body: unknown): TenantBillingStatusChanged | null {
  const result = billingStatus.safeParse(json(body));
  return result.success ? result.data : null;
}
