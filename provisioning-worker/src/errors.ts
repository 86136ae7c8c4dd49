import type { BackupFacts, BackupVerificationFacts, InstanceFacts, InstanceStatus } from '@saas/contracts';

/**
 * Why a job failed. A permanent failure cannot succeed on a retry (the job or its inputs are
 * wrong), so it fails at once; anything else is retried with back-off.
 */
export const JOB_ERROR_CODES = {
  INVALID_JOB: 'permanent',
  UNSUPPORTED_OPERATION: 'permanent',
  INVALID_SECRET: 'permanent',
  IMAGE_NOT_FOUND: 'permanent',
  PULL_FAILED: 'transient',
  PULL_TIMEOUT: 'transient',
  CONTAINER_MISSING: 'permanent',
  CONTAINER_EXITED: 'transient',
  INIT_FAILED: 'transient',
  HEALTH_TIMEOUT: 'transient',
  BACKUP_NOT_FOUND: 'permanent',
  BACKUP_CORRUPT: 'permanent',
  BACKUP_FAILED: 'transient',
  BACKUP_UNVERIFIED: 'permanent',
  /** The upgrade failed and was rolled back: the instance runs its old version again. */
  UPGRADE_ROLLED_BACK: 'permanent',
  /** The upgrade failed and so did its rollback: the PRE_UPGRADE backup is there to restore. */
  UPGRADE_ROLLBACK_FAILED: 'permanent',
  /** STAGING rehearsing an upgrade: the upgrade failed on the copy (production untouched). */
  UPGRADE_REHEARSAL_FAILED: 'permanent',
  IMPORT_INVALID: 'permanent',
  RESTORE_FAILED: 'transient',
  /** STAGING, REFRESH_STAGING: production's database or filestore could not be copied. */
  COPY_FAILED: 'transient',
  /** STAGING, REFRESH_STAGING: production's database is gone. */
  PRODUCTION_MISSING: 'permanent',
  ENGINE: 'transient',
  DATABASE: 'transient',
  INTERNAL: 'transient',
} as const;

export type JobErrorCode = keyof typeof JOB_ERROR_CODES;

/** What a failure says beyond its reason. */
export interface JobErrorOptions {
  cause?: unknown;
  /**
   * The status the instance is left in when the job failed before touching it (a damaged
   * backup refused before a restore): RUNNING or STOPPED instead of FAILED.
   */
  instanceStatus?: InstanceStatus;
  /** A backup found unsound on the way: reported with the failure. */
  verification?: BackupVerificationFacts;
  /** A backup taken on the way (UPGRADE's PRE_UPGRADE backup): reported with the failure. */
  backup?: BackupFacts;
  /** What is true of the instance after the failure (a rollback started a new container). */
  facts?: InstanceFacts;
}

export class JobError extends Error {
  override readonly name = 'JobError';
  readonly instanceStatus?: InstanceStatus;
  readonly verification?: BackupVerificationFacts;
  readonly backup?: BackupFacts;
  readonly facts?: InstanceFacts;

  constructor(
    readonly code: JobErrorCode,
    message: string,
    options: JobErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.instanceStatus = options.instanceStatus;
    this.verification = options.verification;
    this.backup = options.backup;
    this.facts = options.facts;
  }

  get permanent(): boolean {
    return JOB_ERROR_CODES[this.code] === 'permanent';
  }
}

/** What the consumer needs to know about any error thrown by a job. */
export interface ClassifiedError {
  code: JobErrorCode;
  permanent: boolean;
  /** Readable reason for the operation's `error` (no stack, no secrets). */
  message: string;
  /** See {@link JobErrorOptions}. */
  instanceStatus?: InstanceStatus;
  verification?: BackupVerificationFacts;
  backup?: BackupFacts;
  facts?: InstanceFacts;
}

// The engine's words for "this image does not exist or you may not have it": no retry helps.
const IMAGE_NOT_FOUND =
  /pull access denied|manifest unknown|manifest for .* not found|repository does not exist|not found: manifest|invalid reference format|unauthorized: /i;

/** The message an engine error carries (dockerode puts the body's `message` in `json`). */
export function engineMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const json = (error as { json?: unknown }).json;
    if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') {
      return (json as { message: string }).message;
    }
    const { message } = error as { message?: unknown };
    if (typeof message === 'string') return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim() || message;
  }
  return String(error);
}

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof JobError) {
    return {
      code: error.code,
      permanent: error.permanent,
      message: error.message,
      ...(error.instanceStatus ? { instanceStatus: error.instanceStatus } : {}),
      ...(error.verification ? { verification: error.verification } : {}),
      ...(error.backup ? { backup: error.backup } : {}),
      ...(error.facts ? { facts: error.facts } : {}),
    };
  }
  const message = engineMessage(error);
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number') return { code: 'ENGINE', permanent: false, message: `Docker Engine: ${message}` };
  // node-postgres errors carry a SQLSTATE `code` of five characters.
  const sqlState = (error as { code?: unknown } | null)?.code;
  if (typeof sqlState === 'string' && /^[0-9A-Z]{5}$/.test(sqlState)) {
    return { code: 'DATABASE', permanent: false, message: `Odoo database server: ${message}` };
  }
  return { code: 'INTERNAL', permanent: false, message };
}

/** Classifies a pull failure by the engine's message. */
export function pullError(message: string, cause?: unknown): JobError {
  return new JobError(IMAGE_NOT_FOUND.test(message) ? 'IMAGE_NOT_FOUND' : 'PULL_FAILED', message, { cause });
}
