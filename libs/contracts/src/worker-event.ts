import type { InstanceStatus, OperationStatus } from './instance-status';

/**
 * Where an event stands in an instance's history: compared field by field (operation,
 * then attempt, then step). The instance subgraph ignores events not after the last one
 * it applied, so redelivered or reordered events change nothing.
 */
export interface EventPosition {
  operationSeq: number;
  attempt: number;
  /** Fixed per step of a job, so a job re-run after a crash repeats the same numbers. */
  step: number;
}

/**
 * Steps reserved for the end of an attempt, after every step of any job type. The retry
 * notice sits BELOW the terminal steps: a job redelivered as the same attempt after its
 * notice was applied (the worker died, or the republish failed, before the ack) re-runs
 * that attempt, and its SUCCEEDED or FAILED must still come after what was applied.
 */
export const FINAL_STEPS = {
  /** "Attempt N failed, retrying": the operation stays RUNNING. */
  retrying: 899,
  /** SUCCEEDED. */
  succeeded: 900,
  /** FAILED for good. */
  failed: 901,
} as const;

/** Facts about the instance learned by the worker, stored by the instance subgraph. */
export interface InstanceFacts {
  url?: string;
  /** Where the worker reached the container (published port), for local development. */
  directUrl?: string;
  containerId?: string;
  databaseName?: string;
  /** UPGRADE: the Odoo series the instance runs now (the target, or the old one after a rollback). */
  odooVersion?: string;
  /**
   * HIBERNATE: memory the container used right before it was stopped (bytes), i.e. what
   * hibernation frees; absent when the engine could not tell.
   */
  memoryInUseBytes?: number;
}

export interface BackupFacts {
  backupId: string;
  sizeBytes: number;
  checksum: string;
  location: string;
}

/**
 * The outcome of checking a backup: restored into a scratch database and checked (BACKUP),
 * or found damaged (its checksum no longer matches) when it was about to be restored.
 */
export interface BackupVerificationFacts {
  backupId: string;
  status: 'PASSED' | 'FAILED';
  /** ISO 8601. */
  at: string;
  /** Why it FAILED, readable. */
  reason?: string;
}

/**
 * Progress of an operation, published by the worker to the `instance.events` exchange
 * (routing key `operation.<status>`).
 */
export interface OperationEvent {
  kind: 'operation';
  eventId: string;
  instanceId: string;
  operationId: string;
  position: EventPosition;
  /** RUNNING while in progress; SUCCEEDED or FAILED at the end. */
  operationStatus: Exclude<OperationStatus, 'QUEUED'>;
  /** The instance status this event moves to, if it changes it. */
  instanceStatus?: InstanceStatus;
  progress: number;
  message?: string;
  error?: string;
  facts?: InstanceFacts;
  backup?: BackupFacts;
  verification?: BackupVerificationFacts;
  at: string;
}

/** What the reconciler saw of one instance's container. */
export interface ContainerObservation {
  instanceId: string;
  tenantId: string;
  containerId: string;
  /** Docker state: running, exited, restarting, paused, dead, created. */
  state: string;
  exitCode?: number;
  /**
   * Where Odoo of a running container answers now (`http://127.0.0.1:<published port>`, or its
   * network address): a restart of the container or of the engine publishes a new port.
   */
  directUrl?: string;
  /** What the reconciler did: restarted a dead container, or only reported it. */
  action: 'none' | 'restarted' | 'reported';
}

/** A backup archive the reconciler removed because its retention ended. */
export interface ExpiredBackup {
  instanceId: string;
  backupId: string;
}

/**
 * A periodic snapshot of every instance container of this environment, published by the
 * worker's reconciler (routing key `observation`). The instance subgraph compares it with
 * the desired state: a missing or dead container of a RUNNING instance is reported and
 * repaired through a normal job; a container of an unknown or deleted instance is an orphan.
 */
export interface ObservationEvent {
  kind: 'observation';
  eventId: string;
  environment: string;
  containers: ContainerObservation[];
  /**
   * Backups whose archives the reconciler removed (retention ended). Reported again until a
   * snapshot carrying them was confirmed by the broker, so applying it must be idempotent.
   * Absent in snapshots of older workers.
   */
  expiredBackups?: ExpiredBackup[];
  /**
   * Requests the edge saw, per instance, for hibernation of idle instances. Absent when this
   * worker has no edge to ask (then nothing is hibernated for idleness).
   */
  activity?: EdgeActivity;
  at: string;
}

/** When the edge last proxied a request to each instance, from its own request log or metrics. */
export interface EdgeActivity {
  /** Since when the edge has been counting (ISO 8601): no request since then means idle since then. */
  since: string;
  /** Instance id -> time of the last request the edge saw for one of its hosts (ISO 8601). */
  lastRequestAt: Record<string, string>;
}

export type WorkerEvent = OperationEvent | ObservationEvent;
