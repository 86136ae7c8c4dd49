import { EntitySchema } from '@mikro-orm/core';

/** A price list entry and the limits it grants. Seeded by migration; staff manage it. */
export class Plan {
  code!: string;
  name!: string;
  priceCents!: number;
  currency!: string;
  interval!: 'MONTH' | 'YEAR';
  maxInstances!: number;
  cpuMillicores!: number;
  memoryMb!: number;
  storageGb!: number;
  allowedOdooVersions!: string[];
  backupRetentionDays!: number;
  includedInstanceHours!: number;
  overageCentsPerInstanceHour!: number;
  trialDays!: number;
  /** Minutes without a request after which an instance hibernates; null: never. */
  hibernateAfterMinutes: number | null = null;
  /** Days a staging copy lives before it is deleted. */
  stagingLifetimeDays = 7;
  /** Scheduled backups kept by grandfather-father-son rotation: newest per day, week and month. */
  backupDailyKeep = 7;
  backupWeeklyKeep = 4;
  backupMonthlyKeep = 3;
  /** Largest request body at an instance's URL, in MiB (the edge answers 413 above). */
  uploadMaxMb = 128;
  active = true;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const PlanSchema = new EntitySchema<Plan>({
  class: Plan,
  tableName: 'plans',
  properties: {
    code: { type: 'string', length: 40, primary: true },
    name: { type: 'string', length: 100 },
    priceCents: { type: 'integer' },
    currency: { type: 'string', length: 3 },
    interval: { type: 'string', length: 8 },
    maxInstances: { type: 'integer' },
    cpuMillicores: { type: 'integer' },
    memoryMb: { type: 'integer' },
    storageGb: { type: 'integer' },
    allowedOdooVersions: { type: 'json' },
    backupRetentionDays: { type: 'integer' },
    includedInstanceHours: { type: 'integer' },
    overageCentsPerInstanceHour: { type: 'integer' },
    trialDays: { type: 'integer' },
    hibernateAfterMinutes: { type: 'integer', nullable: true },
    stagingLifetimeDays: { type: 'integer' },
    backupDailyKeep: { type: 'integer' },
    backupWeeklyKeep: { type: 'integer' },
    backupMonthlyKeep: { type: 'integer' },
    uploadMaxMb: { type: 'integer' },
    active: { type: 'boolean' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});

/** The plan every new tenant starts on. */
export const TRIAL_PLAN_CODE = 'trial';
