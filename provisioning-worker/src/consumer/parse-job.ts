import { type InstanceJob, OPERATION_TYPES } from '@saas/contracts';
import { z } from '@saas/config';

// Ids end up in container, volume and database names: only what is safe in all of them.
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,47}$/, 'letters, digits and "-", at most 48');
const moduleName = z.string().regex(/^[a-z0-9_]{1,64}$/, 'an Odoo module name');

const instanceJobSchema = z.object({
  operationId: z.string().min(1).max(100),
  operationSeq: z.number().int().min(0),
  type: z.enum(OPERATION_TYPES),
  instance: z.object({
    id,
    tenantId: z.string().min(1).max(100),
    subdomain: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a DNS label'),
    odooVersion: z.string().regex(/^[0-9]{1,3}\.[0-9]{1,3}$/, 'like 17.0'),
    modules: z.array(moduleName).max(200),
    resources: z.object({
      cpuMillicores: z.number().int().positive(),
      memoryMb: z.number().int().positive(),
      storageGb: z.number().positive(),
    }),
    secrets: z.object({ databasePassword: z.string().min(1), adminPassword: z.string().min(1) }),
    staging: z.boolean().optional(),
  }),
  copyFrom: z.object({ instanceId: id }).optional(),
  backupId: id.optional(),
  targetOdooVersion: z.string().regex(/^[0-9]{1,3}\.[0-9]{1,3}$/, 'like 17.0').optional(),
  backupChecksum: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  retainUntil: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO 8601 time')
    .optional(),
  rotation: z
    .object({ daily: z.number().int().min(0).max(1000), weekly: z.number().int().min(0).max(1000), monthly: z.number().int().min(0).max(1000) })
    .optional(),
  requestedAt: z.string(),
});

/** What is known of a message that is not a valid job, to report it against its operation. */
export interface JobIdentity {
  operationId: string;
  operationSeq: number;
  instanceId: string;
  type?: string;
}

export type ParsedJob =
  | { ok: true; job: InstanceJob }
  /** `identity` is set when the message names its operation, so a FAILED event can be sent. */
  | { ok: false; reason: string; identity?: JobIdentity };

/** The message body as JSON: rabbitmq-client parses `application/json`, anything else arrives raw. */
function decode(body: unknown): unknown {
  if (Buffer.isBuffer(body)) body = body.toString('utf8');
  if (typeof body === 'string') {
    try {
      return JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return body;
}

export function parseJob(body: unknown): ParsedJob {
  const value = decode(body);
  const result = instanceJobSchema.safeParse(value);
  if (result.success) return { ok: true, job: result.data as InstanceJob };
  const reason = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason: `invalid job: ${reason}`, identity: identityOf(value) };
}

function identityOf(value: unknown): JobIdentity | undefined {
  const parsed = z
    .object({
      operationId: z.string().min(1).max(100),
      operationSeq: z.number().int().min(0),
      type: z.string().optional(),
      instance: z.object({ id }),
    })
    .safeParse(value);
  if (!parsed.success) return undefined;
  const { operationId, operationSeq, type, instance } = parsed.data;
  return { operationId, operationSeq, instanceId: instance.id, type };
}
