import type { InstanceStatus, OperationType } from '@saas/contracts';

/**
 * The statuses from which each operation may be queued. Transitional statuses
 * (PROVISIONING, STOPPING, ...) never appear: an operation is already running then.
 */
const ALLOWED_FROM: Record<Exclude<OperationType, 'CREATE' | 'STAGING'>, readonly InstanceStatus[]> = {
  START: ['STOPPED', 'HIBERNATED', 'FAILED'],
  STOP: ['RUNNING', 'HIBERNATED', 'FAILED'],
  RESTART: ['RUNNING', 'FAILED'],
  DELETE: ['PENDING', 'RUNNING', 'STOPPED', 'HIBERNATED', 'FAILED'],
  BACKUP: ['RUNNING', 'STOPPED'],
  RESTORE: ['RUNNING', 'STOPPED', 'FAILED'],
  // The health gate needs a serving instance to compare with (and to roll back to).
  UPGRADE: ['RUNNING'],
  HIBERNATE: ['RUNNING', 'HIBERNATED'],
  REFRESH_STAGING: ['RUNNING', 'STOPPED', 'FAILED'],
};

export type CommandType = keyof typeof ALLOWED_FROM;

/** Why an operation may not be queued now, or null when it may. */
export function refusalOf(type: CommandType, status: InstanceStatus): string | null {
  if (status === 'DELETED') return 'The instance is DELETED; nothing can be done with it.';
  if (ALLOWED_FROM[type].includes(status)) return null;
  return `Cannot ${type.toLowerCase()} an instance that is ${status}; allowed from ${ALLOWED_FROM[type].join(', ')}.`;
}

/** Statuses that count against the plan's instance limit. */
export function countsTowardsQuota(status: InstanceStatus): boolean {
  return status !== 'DELETED';
}
