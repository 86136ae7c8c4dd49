import { z } from 'zod';
import { INSTANCE_STATUSES } from './instance-status';
import type { AuditEvent, TenantBillingStatusChanged, TenantLifecycleEvent } from './platform-events';
import type { InstanceStatusChanged } from './status-change';

/**
 * Runtime checks of the platform's messages, for their consumers: a message that does not
 * match is malformed and dead-lettered, never retried.
 */
const uuid = z.string().uuid();
const isoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time');
const eventId = z.string().min(1).max(100);
const instanceStatus = z.enum(INSTANCE_STATUSES);

const schemas = {
  instanceStatusChanged: z.object({
    eventId,
    tenantId: uuid,
    instanceId: uuid,
    sequence: z.number().int().positive(),
    status: instanceStatus,
    previousStatus: instanceStatus.nullable(),
    message: z.string().nullable(),
    operationId: z.string().nullable(),
    at: isoTime,
  }),
  tenantLifecycle: z.object({
    eventId,
    tenantId: uuid,
    type: z.enum(['created', 'status']),
    status: z.enum(['ACTIVE', 'SUSPENDED', 'DELETED']),
    ownerUserId: uuid.nullable(),
    at: isoTime,
  }),
  auditEvent: z.object({
    eventId,
    tenantId: uuid,
    actorUserId: uuid.nullable(),
    action: z.string().min(1).max(100),
    targetType: z.string().min(1).max(50),
    targetId: z.string().min(1).max(200),
    ip: z.string().max(64).nullable(),
    source: z.string().regex(/^[a-z0-9-]{1,32}$/),
    at: isoTime,
  }),
  jobReference: z.object({
    operationId: uuid,
    operationSeq: z.number().int().min(0),
    instance: z.object({ id: uuid }),
  }),
  tenantBillingStatus: z.object({
    eventId,
    tenantId: z.string(),
    suspended: z.boolean(),
    reason: z.string().max(500),
    at: isoTime,
  }),
};

/** A message body as rabbitmq-client hands it over: parsed JSON, or a buffer/string. */
function json(body: unknown): unknown {
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
  try {
    return JSON.parse(body.toString());
  } catch {
    return null;
  }
}

function parser<T>(schema: z.ZodType<T>) {
  return (body: unknown): T | null => {
    const result = schema.safeParse(json(body));
    return result.success ? result.data : null;
  };
}

export const parseInstanceStatusChanged = parser<InstanceStatusChanged>(schemas.instanceStatusChanged);
export const parseTenantLifecycleEvent = parser<TenantLifecycleEvent>(schemas.tenantLifecycle);
export const parseAuditEvent = parser<AuditEvent>(schemas.auditEvent);
export const parseTenantBillingStatusChanged = parser<TenantBillingStatusChanged>(schemas.tenantBillingStatus);

/** Which operation a job message belongs to: enough to fail it when the job is dead-lettered. */
export interface JobReference {
  operationId: string;
  operationSeq: number;
  instanceId: string;
}

export function parseJobReference(body: unknown): JobReference | null {
  const result = schemas.jobReference.safeParse(json(body));
  return result.success
    ? { operationId: result.data.operationId, operationSeq: result.data.operationSeq, instanceId: result.data.instance.id }
    : null;
}
