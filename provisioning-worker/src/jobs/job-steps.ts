import { type EventPosition, FINAL_STEPS, type InstanceStatus, type OperationType } from '@saas/contracts';

export interface StepDefinition {
  key: string;
  progress: number;
  message: string;
}

/**
 * The steps of each job type, in order. A step's number is its place in this list, fixed
 * per job type, so a job re-run after a crash repeats the same positions and the instance
 * subgraph ignores what it already applied. Append new steps at the end of a list or
 * renumber only together with a deploy that drains the queue.
 */
export const JOB_STEPS = {
  CREATE: [
    { key: 'started', progress: 0, message: 'Provisioning started' },
    { key: 'image', progress: 5, message: 'Preparing the Odoo image' },
    { key: 'database', progress: 15, message: 'Creating database' },
    { key: 'volume', progress: 25, message: 'Creating data volume' },
    { key: 'initialise', progress: 35, message: 'Initialising database' },
    { key: 'container', progress: 60, message: 'Creating container' },
    { key: 'start', progress: 70, message: 'Starting container' },
    { key: 'health', progress: 80, message: 'Waiting for /web/health' },
  ],
  START: [
    { key: 'started', progress: 0, message: 'Starting instance' },
    { key: 'container', progress: 20, message: 'Checking container' },
    { key: 'start', progress: 40, message: 'Starting container' },
    { key: 'health', progress: 60, message: 'Waiting for /web/health' },
  ],
  STOP: [
    { key: 'started', progress: 0, message: 'Stopping instance' },
    { key: 'stop', progress: 50, message: 'Stopping container' },
  ],
  RESTART: [
    { key: 'started', progress: 0, message: 'Restarting instance' },
    { key: 'container', progress: 20, message: 'Checking container' },
    { key: 'restart', progress: 40, message: 'Restarting container' },
    { key: 'health', progress: 60, message: 'Waiting for /web/health' },
  ],
  DELETE: [
    { key: 'started', progress: 0, message: 'Deleting instance' },
    { key: 'container', progress: 20, message: 'Removing container' },
    { key: 'volume', progress: 45, message: 'Removing data volume' },
    { key: 'database', progress: 70, message: 'Dropping database and role' },
  ],
  BACKUP: [
    { key: 'started', progress: 0, message: 'Backup started' },
    { key: 'database', progress: 20, message: 'Dumping database (dump.sql)' },
    { key: 'filestore', progress: 45, message: 'Writing the Odoo zip (dump.sql, filestore, manifest.json)' },
    { key: 'archive', progress: 65, message: 'Backup archive written' },
    { key: 'verify', progress: 75, message: 'Verifying: restoring into a scratch database' },
  ],
  RESTORE: [
    { key: 'started', progress: 0, message: 'Restore started' },
    { key: 'verify', progress: 5, message: 'Verifying backup checksum' },
    { key: 'stop', progress: 15, message: 'Stopping container' },
    { key: 'database', progress: 30, message: 'Restoring database' },
    { key: 'filestore', progress: 55, message: 'Restoring filestore' },
    { key: 'start', progress: 70, message: 'Starting container' },
    { key: 'health', progress: 80, message: 'Waiting for /web/health' },
  ],
  // Renumbered with the first upgradeInstance (no UPGRADE job could be queued before it).
  UPGRADE: [
    { key: 'started', progress: 0, message: 'Upgrade started' },
    { key: 'database', progress: 3, message: 'Automatic backup before the upgrade (PRE_UPGRADE): dumping the database' },
    { key: 'filestore', progress: 8, message: 'Automatic backup before the upgrade: writing the Odoo zip' },
    { key: 'archive', progress: 12, message: 'Automatic backup before the upgrade: archive written' },
    { key: 'verify', progress: 15, message: 'Automatic backup before the upgrade: verifying it by a scratch restore' },
    { key: 'image', progress: 25, message: 'Preparing the new Odoo image' },
    { key: 'stop', progress: 30, message: 'Stopping the instance' },
    { key: 'migrate', progress: 35, message: 'Migrating the database with the new image (odoo -u all)' },
    { key: 'container', progress: 60, message: 'Creating the container on the new image' },
    { key: 'start', progress: 70, message: 'Starting on the new image' },
    { key: 'health', progress: 80, message: 'Health gate: waiting for /web/health' },
    { key: 'settle', progress: 90, message: 'Health gate: checking that the instance stays up' },
    { key: 'rollback', progress: 92, message: 'Upgrade failed: rolling back' },
    { key: 'rollback-restore', progress: 94, message: 'Rolling back: restoring the pre-upgrade backup' },
    { key: 'rollback-start', progress: 97, message: 'Rolling back: starting the old image' },
  ],
  HIBERNATE: [
    { key: 'started', progress: 0, message: 'Hibernating instance' },
    { key: 'measure', progress: 20, message: 'Measuring memory in use' },
    { key: 'stop', progress: 50, message: 'Stopping container (database and volume kept)' },
  ],
  STAGING: [
    { key: 'started', progress: 0, message: 'Staging copy started' },
    { key: 'image', progress: 5, message: 'Preparing the Odoo image' },
    { key: 'database', progress: 10, message: 'Creating database' },
    { key: 'volume', progress: 15, message: 'Creating data volume' },
    { key: 'copy', progress: 20, message: 'Copying the production database (pg_dump, production keeps running)' },
    { key: 'filestore', progress: 45, message: 'Copying the production filestore' },
    { key: 'neutralize', progress: 55, message: 'Neutralizing the copy (odoo neutralize, mail caught, new database uuid and secret)' },
    { key: 'container', progress: 60, message: 'Creating container' },
    { key: 'start', progress: 70, message: 'Starting container' },
    { key: 'health', progress: 80, message: 'Waiting for /web/health' },
    // An upgrade rehearsal (upgradeInstance with rehearse): the upgrade's steps on the copy.
    { key: 'rehearse-image', progress: 82, message: 'Rehearsal: preparing the new Odoo image' },
    { key: 'rehearse-stop', progress: 83, message: 'Rehearsal: stopping the copy' },
    { key: 'rehearse-migrate', progress: 84, message: 'Rehearsal: migrating the copy with the new image (odoo -u all)' },
    { key: 'rehearse-container', progress: 88, message: 'Rehearsal: creating the copy\'s container on the new image' },
    { key: 'rehearse-start', progress: 90, message: 'Rehearsal: starting the copy on the new image' },
    { key: 'rehearse-health', progress: 92, message: 'Rehearsal health gate: waiting for /web/health' },
    { key: 'rehearse-settle', progress: 94, message: 'Rehearsal health gate: checking that the copy stays up' },
    { key: 'rehearse-rollback', progress: 96, message: 'Rehearsal failed: copying production into the copy again' },
  ],
  REFRESH_STAGING: [
    { key: 'started', progress: 0, message: 'Refreshing the staging copy from production' },
    { key: 'image', progress: 5, message: 'Preparing the Odoo image' },
    { key: 'stop', progress: 10, message: 'Stopping container' },
    { key: 'copy', progress: 20, message: 'Copying the production database (pg_dump, production keeps running)' },
    { key: 'filestore', progress: 45, message: 'Copying the production filestore' },
    { key: 'neutralize', progress: 55, message: 'Neutralizing the copy (odoo neutralize, mail caught, new database uuid and secret)' },
    { key: 'container', progress: 60, message: 'Recreating container' },
    { key: 'start', progress: 70, message: 'Starting container' },
    { key: 'health', progress: 80, message: 'Waiting for /web/health' },
  ],
} as const satisfies Record<OperationType, readonly StepDefinition[]>;

export type StepKey<T extends OperationType> = (typeof JOB_STEPS)[T][number]['key'];

/**
 * Steps reserved for the end of an attempt: after every step above, whatever the job type;
 * the retry notice below SUCCEEDED and FAILED (see {@link FINAL_STEPS}).
 */
export const FINAL_STEP = FINAL_STEPS;

/** The status an instance moves to when a job of this type starts. */
export const IN_PROGRESS_STATUS: Record<OperationType, InstanceStatus> = {
  CREATE: 'PROVISIONING',
  START: 'STARTING',
  STOP: 'STOPPING',
  RESTART: 'RESTARTING',
  DELETE: 'DELETING',
  BACKUP: 'BACKING_UP',
  RESTORE: 'RESTORING',
  UPGRADE: 'UPGRADING',
  HIBERNATE: 'STOPPING',
  STAGING: 'PROVISIONING',
  // Its data is being replaced, as by a restore.
  REFRESH_STAGING: 'RESTORING',
};

export function stepOf<T extends OperationType>(type: T, key: StepKey<T>): StepDefinition & { number: number } {
  const steps: readonly StepDefinition[] = JOB_STEPS[type];
  const index = steps.findIndex((step) => step.key === key);
  if (index < 0) throw new Error(`job type ${type} has no step ${key}`);
  return { ...steps[index]!, number: index + 1 };
}

export function position(operationSeq: number, attempt: number, step: number): EventPosition {
  return { operationSeq, attempt, step };
}
