import { z } from '@saas/config';
import { BadUserInputError } from '@saas/errors';

/** A validated `PlanInput`. */
export interface PlanDefinition {
  code: string;
  name: string;
  priceCents: number;
  currency: string;
  interval: 'MONTH' | 'YEAR';
  maxInstances: number;
  cpuMillicores: number;
  memoryMb: number;
  storageGb: number;
  allowedOdooVersions: string[];
  backupRetentionDays: number;
  includedInstanceHours: number;
  overageCentsPerInstanceHour: number;
  trialDays: number;
  hibernateAfterMinutes: number | null;
  stagingLifetimeDays: number;
  backupDailyKeep: number;
  backupWeeklyKeep: number;
  backupMonthlyKeep: number;
  uploadMaxMb: number;
}

export interface PlanRules {
  /** The one currency the platform bills in: an invoice never mixes currencies. */
  currency: string;
  /** Odoo versions the platform can run. */
  supportedVersions: readonly string[];
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/**
 * Bounds keep every amount an invoice can reach within GraphQL's 32-bit Int (e.g. 500
 * instances running a whole month stay below 2^31 seconds).
 */
function schema(rules: PlanRules) {
  return z.object({
    code: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be 1 to 40 lower-case letters, digits and hyphens, not starting or ending with a hyphen'),
    name: z.string().transform((value) => value.trim().replace(/\s+/g, ' ')).pipe(z.string().min(1, 'must not be blank').max(100)),
    priceCents: int(0, 10_000_000),
    currency: z.string().refine((value) => value === rules.currency, `must be ${rules.currency}, the currency this platform bills in`),
    interval: z.enum(['MONTH', 'YEAR']),
    maxInstances: int(1, 500),
    cpuMillicores: int(100, 64_000),
    memoryMb: int(256, 262_144),
    storageGb: int(1, 10_000),
    allowedOdooVersions: z
      .array(z.string().refine((value) => rules.supportedVersions.includes(value), `each must be one of ${rules.supportedVersions.join(', ')}`))
      .min(1, 'must name at least one version')
      .transform((versions) => [...new Set(versions)].sort()),
    backupRetentionDays: int(0, 3_650),
    includedInstanceHours: int(0, 1_000_000),
    overageCentsPerInstanceHour: int(0, 100_000),
    trialDays: int(0, 365),
    // Up to 30 days; absent or null: the plan never hibernates its instances.
    hibernateAfterMinutes: int(1, 43_200).nullish().transform((value) => value ?? null),
    // Absent: the defaults every plan had before they were plan settings.
    stagingLifetimeDays: int(1, 365).default(7),
    backupDailyKeep: int(0, 366).default(7),
    backupWeeklyKeep: int(0, 260).default(4),
    backupMonthlyKeep: int(0, 120).default(3),
    // Odoo's web client refuses files above 128 MiB by default (web.max_file_upload_size).
    uploadMaxMb: int(1, 10_240).default(128),
  });
}

/** Validates a plan; the first problem is BAD_USER_INPUT naming its field (`input.<name>`). */
export function parsePlanInput(input: Record<string, unknown>, rules: PlanRules): PlanDefinition {
  const result = schema(rules).safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = `input.${issue?.path.join('.').replace(/\.\d+$/, '') ?? ''}`;
  throw new BadUserInputError(`${field}: ${issue?.message ?? 'invalid'}.`, field);
}
