import type { InstanceStatus } from '@saas/contracts';
import { ConflictError } from '@saas/errors';

/** What the waker needs to know about an instance, read fresh each time. */
export interface WakeState {
  status: InstanceStatus;
  /** `http://host:port` of its Odoo once RUNNING. */
  directUrl: string | null;
  statusMessage: string | null;
  suspendedByBilling: boolean;
}

/** Where the waker reads instance state and queues the START (the database and InstanceCommands; a fake in unit tests). */
export interface WakeBackend {
  state(instanceId: string): Promise<WakeState | null>;
  /** Queues a START as the platform (audited); a ConflictError when an operation is already in flight. */
  queueStart(instanceId: string): Promise<{ operationId: string }>;
  /** The outcome of an operation: FAILED with its error, or anything else. */
  operation(operationId: string): Promise<{ status: string; error: string | null } | null>;
}

export interface WakeTimings {
  /** How long a wake may take before its requests get a 503 (WAKE_TIMEOUT_MS). */
  timeoutMs: number;
  /** How often the instance's state is read while it starts. */
  pollMs: number;
}

/** Why a wake did not end with a serving instance: the waker answers `httpStatus` with `message`. */
export class WakeFailure extends Error {
  constructor(
    message: string,
    /** The instance's status, when it has one. */
    readonly status: InstanceStatus | null,
    readonly httpStatus: 404 | 503 = 503,
  ) {
    super(message);
  }
}

/** Statuses a wake waits through: its START is queued (HIBERNATED) or running (STARTING). */
const WAITING = new Set<InstanceStatus>(['HIBERNATED', 'STARTING']);

/**
 * One wake per instance at a time: the first request of a hibernated instance queues its
 * START, every request that arrives while it starts waits for the same wake, and all get
 * the instance's upstream when it is RUNNING (healthy: the START job's health check passed),
 * or the same failure. A START already in flight (another replica, a user) is waited for,
 * not queued again: the commands service refuses a second operation.
 */
export class InstanceWakes {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly backend: WakeBackend,
    private readonly timings: WakeTimings,
    private readonly onWake: (instanceId: string, outcome: { queued: boolean; ms: number; error?: string }) => void = () => undefined,
  ) {}

  /** The instance's `directUrl` once it serves; rejects with a WakeFailure. */
  wake(instanceId: string): Promise<string> {
    const running = this.inFlight.get(instanceId);
    if (running) return running;
    const wake = this.run(instanceId).finally(() => this.inFlight.delete(instanceId));
    // Its callers may all have gone (clients that gave up): the outcome is reported by onWake.
    wake.catch(() => undefined);
    this.inFlight.set(instanceId, wake);
    return wake;
  }

  /** Instances being woken now. */
  get waking(): number {
    return this.inFlight.size;
  }

  private async run(instanceId: string): Promise<string> {
    const started = Date.now();
    const deadline = started + this.timings.timeoutMs;
    let queued = false;
    try {
      let state = await this.backend.state(instanceId);
      let operationId: string | undefined;
      for (;;) {
        if (state?.status === 'HIBERNATED' && !state.suspendedByBilling && !operationId) {
          try {
            operationId = (await this.backend.queueStart(instanceId)).operationId;
            queued = true;
          } catch (error) {
            // Another operation is in flight (a START of a user or another replica, the HIBERNATE
            // itself finishing): what it leads to decides, or the START is queued once it is done.
            if (!(error instanceof ConflictError)) throw error;
          }
        }
        const ready = readyUpstream(state);
        if (ready) {
          this.onWake(instanceId, { queued, ms: Date.now() - started });
          return ready;
        }
        if (operationId) {
          const operation = await this.backend.operation(operationId);
          if (operation?.status === 'FAILED') throw new WakeFailure(`The instance did not start: ${operation.error ?? 'its START failed'}`, 'FAILED');
        }
        if (Date.now() >= deadline) {
          throw new WakeFailure(`The instance did not become healthy within ${Math.round(this.timings.timeoutMs / 1000)} s; it is ${state?.status ?? 'gone'}. Try again in a moment.`, state?.status ?? null);
        }
        await new Promise((resolve) => setTimeout(resolve, this.timings.pollMs));
        state = await this.backend.state(instanceId);
      }
    } catch (error) {
      this.onWake(instanceId, { queued, ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) });
      throw error instanceof WakeFailure ? error : new WakeFailure('The instance could not be woken; try again in a moment.', null);
    }
  }
}

/** The upstream when the instance serves; throws when it will not without someone acting. */
function readyUpstream(state: WakeState | null): string | null {
  if (!state) throw new WakeFailure('There is no instance at this address.', null, 404);
  if (state.status === 'RUNNING' && state.directUrl) return state.directUrl;
  if (state.status === 'RUNNING' || WAITING.has(state.status)) {
    if (state.suspendedByBilling) throw new WakeFailure('The subscription of this instance is suspended.', state.status);
    return null;
  }
  throw new WakeFailure(state.status === 'FAILED' ? `The instance did not start: ${state.statusMessage ?? 'it FAILED'}` : `The instance is ${state.status}.`, state.status);
}
