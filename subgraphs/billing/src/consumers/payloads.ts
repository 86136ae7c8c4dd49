import { INSTANCE_STATUSES, type InstanceStatusChanged, type TenantLifecycleEvent } from '@saas/contracts';
import { z } from '@saas/config';

const uuid = z.string().uuid();
const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time');
const status = z.enum(INSTANCE_STATUSES);

const statusChanged = z.object({
  eventId: z.string().min(1).max(100),
  tenantId: uuid,
  instanceId: uuid,
  sequence: z.number().int().positive(),
  status,
  previousStatus: status.nullable(),
  message: z.string().nullable(),
  operationId: z.string().nullable(),
  at: isoTime,
});

const tenantLifecycle = z.object({
  eventId: z.string().min(1).max(100),
  tenantId: uuid,
  type: z.enum(['created', 'status']),
  status: z.enum(['ACTIVE', 'SUSPENDED', 'DELETED']),
  ownerUserId: uuid.nullable(),
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
export function parseStatusChanged(body: unknown): InstanceStatusChanged | null {
  const result = statusChanged.safeParse(json(body));
  return result.success ? result.data : null;
}

export function parseTenantLifecycle(body: unknown): TenantLifecycleEvent | null {
  const result = tenantLifecycle.safeParse(json(body));
  return result.success ? result.data : null;
}
