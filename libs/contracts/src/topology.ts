/**
 * Every exchange and queue of the platform, in one place. Durable quorum queues with
 * dead-letter queues; names are the same in every environment (test runs use their own
 * RabbitMQ virtual host).
 */
export const Exchanges = {
  /** Worker -> instance subgraph: operation progress and reconciler observations (topic). */
  instanceEvents: 'instance.events',
  /** Instance subgraph -> billing: applied status changes (topic, key `status.<STATUS>`). */
  instanceStatus: 'instance.status',
  /** Audit records and billing decisions (topic: `audit.<source>`, `billing.tenant-status`). */
  platformEvents: 'platform.events',
  /** Where rejected messages go; each dead-letter queue binds its source queue's name. */
  deadLetter: 'saas.dead-letter',
} as const;

export const Queues = {
  /** Lifecycle jobs for the provisioning worker (published to the default exchange). */
  instanceJobs: 'instance.jobs',
  /** Worker events for the instance subgraph. */
  instanceWorkerEvents: 'instance-subgraph.worker-events',
  /**
   * Jobs the broker dead-lettered, for the instance subgraph: a job abandoned by the broker
   * (delivery limit: it stopped the worker every time) fails its operation. Operators keep
   * `instance.jobs.dead`; this queue gets a copy.
   */
  instanceDeadJobs: 'instance-subgraph.dead-jobs',
  /** Billing decisions for the instance subgraph (stop/start a suspended tenant's instances). */
  instanceBillingEvents: 'instance-subgraph.billing-events',
  /** Status changes for billing's usage metering. */
  billingInstanceStatus: 'billing.instance-status',
  /** Audit records for the tenant subgraph. */
  tenantAudit: 'tenant-subgraph.audit',
  /** Billing decisions for the tenant subgraph (tenant status). */
  tenantBillingEvents: 'tenant-subgraph.billing-events',
  /** Tenant lifecycle for billing (trial on creation). */
  billingTenantEvents: 'billing.tenant-events',
} as const;

export const RoutingKeys = {
  billingTenantStatus: 'billing.tenant-status',
  tenantCreated: 'tenant.created',
  tenantStatus: 'tenant.status',
  audit: (source: string) => `audit.${source}`,
  instanceStatus: (status: string) => `status.${status}`,
  operation: (status: string) => `operation.${status.toLowerCase()}`,
  observation: 'observation',
} as const;

/** The dead-letter queue of a queue. */
export const deadLetterQueue = (queue: string) => `${queue}.dead`;

/** Delays before each retry of a failed job; the job fails for good after the last. */
export const JOB_RETRY_DELAYS_MS = [1_000, 5_000, 15_000] as const;
export const retryQueue = (attempt: number) => `${Queues.instanceJobs}.retry.${attempt}`;
