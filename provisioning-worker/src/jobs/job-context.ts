import type { BackupStore } from '@saas/backups';
import type { BackupFacts, BackupVerificationFacts, InstanceFacts, InstanceJob, InstanceStatus, OperationType } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import type Docker from 'dockerode';
import type { InstanceNames } from '../instance-names';
import type { OdooDbAdmin } from '../odoo-db/odoo-db-admin';
import type { StepKey } from './job-steps';

/** The part of the environment jobs act on. */
export interface JobSettings {
  /** SAAS_ENV: the `saas.env` label and database comment of everything created. */
  environment: string;
  odooImage: string;
  network: string;
  baseDomain: string;
  scheme: 'http' | 'https';
  publishPorts: boolean;
  /** How containers reach the Odoo database server. */
  databaseHost: string;
  databasePort: number;
  /** The platform's SMTP mail catcher, as containers reach it: staging copies send there. */
  mailCatcher: { host: string; port: number };
  /** Scratch space of jobs (dumps being written or restored): WORK_DIR. */
  workDir: string;
  healthTimeoutMs: number;
  initTimeoutMs: number;
  pullTimeoutMs: number;
  /** UPGRADE's health gate: how long the instance must stay up on the new image after /web/health passed. */
  upgradeSettleMs: number;
}

export interface JobServices {
  docker: Docker;
  odooDb: OdooDbAdmin;
  /** Where backups and uploads live (every worker node shares it). */
  store: BackupStore;
  settings: JobSettings;
}

export interface JobContext<T extends OperationType = OperationType> {
  job: InstanceJob & { type: T };
  attempt: number;
  names: InstanceNames;
  /** Decrypted from the job (the mail catcher's SMTP password derived from SECRETS_KEY); never logged. */
  secrets: { databasePassword: string; adminPassword: string; mailPassword: string };
  services: JobServices;
  logger: Logger;
  /** Reports that the job reached a step (progress event with the step's fixed number). */
  step(key: StepKey<T>, message?: string): Promise<void>;
}

/** How a job ended well: the status the instance is now in, and what was learned. */
export interface JobResult {
  instanceStatus: InstanceStatus;
  message: string;
  facts?: InstanceFacts;
  backup?: BackupFacts;
  verification?: BackupVerificationFacts;
}

export type JobHandler<T extends OperationType> = (context: JobContext<T>) => Promise<JobResult>;
