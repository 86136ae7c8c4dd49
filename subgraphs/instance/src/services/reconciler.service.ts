import type { EntityManager } from '@mikro-orm/postgresql';
import type { ContainerObservation, ObservationEvent, TenantChannelMessage } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { isIdleEnoughToHibernate } from '../domain/hibernation';
import type { CommandType } from '../domain/lifecycle';
import { Instance } from '../entities/instance.entity';
import { ACTIVE_OPERATION_STATUSES, InstanceOperation } from '../entities/instance-operation.entity';
import { changeStatus } from './status-changes';

/** An instance whose state changed this recently is skipped: the snapshot may predate it. */
const SETTLE_MS = 10_000;
/**
 * `restarting` is not healthy: the engine only shows it between two crashes of a container it
 * restarts itself (`unless-stopped`), so a crash-looping container is caught here.
 */
const CRASHING_STATES = new Set(['restarting']);

export interface Drift {
  instanceId: string;
  tenantId: string;
  kind: 'container-missing' | 'container-stopped' | 'container-crash-looping' | 'container-running' | 'orphan';
  repair?: CommandType;
}

/** What the reconciler compares: the desired state of one instance. */
export type DesiredInstance = Pick<Instance, 'id' | 'tenantId' | 'status'>;

export interface ReconcileResult {
  drifts: Drift[];
  /** Repairs to queue through the normal pipeline (restart a died container, hibernate an idle instance ...). */
  repairs: Array<{ instanceId: string; type: CommandType }>;
  messages: TenantChannelMessage[];
  /** RUNNING instances whose container answers at a new address (restarted: a new published port). */
  moved: Array<{ instanceId: string; directUrl: string }>;
}

/**
 * Compares the worker's snapshot of containers with the desired state. A RUNNING instance
 * whose container stopped or crash-loops is restarted through a normal job; one whose container is gone
 * becomes FAILED (reported); a STOPPED instance whose container runs is stopped again; a
 * container of an unknown or deleted instance is an orphan, reported. A HIBERNATED instance
 * is meant to have a stopped container (no drift, never restarted); a RUNNING one the edge
 * saw no request for during its plan's `hibernateAfterMinutes` is hibernated (not a drift).
 * A staging copy past its `stagingExpiresAt` is deleted (a DELETE job, with its events).
 * A RUNNING instance whose running container answers elsewhere than its `directUrl` (a
 * restart of the container or of the engine publishes a new port) gets the new one, so the
 * edge's routes follow within a round, without any job.
 */
export class Reconciler {
  constructor(
    private readonly em: EntityManager,
    private readonly environment: string,
    private readonly logger: Logger,
  ) {}

  async reconcile(snapshot: ObservationEvent): Promise<ReconcileResult> {
    const result: ReconcileResult = { drifts: [], repairs: [], messages: [], moved: [] };
    if (snapshot.environment !== this.environment) return result;
    const takenAt = new Date(snapshot.at).getTime();
    const containers = new Map<string, ContainerObservation>(snapshot.containers.map((c) => [c.instanceId, c]));
    await this.em.fork().transactional(async (em) => {
      const instances = await em.find(Instance, { deletedAt: null, status: { $in: ['RUNNING', 'STOPPED', 'HIBERNATED'] } });
      const busy = new Set(
        (await em.find(InstanceOperation, { status: { $in: [...ACTIVE_OPERATION_STATUSES] } }, { fields: ['instanceId'] })).map(
          (operation) => operation.instanceId,
        ),
      );
      // A staging copy past its lifetime is deleted through a normal DELETE job, whatever its state.
      const expired = await em.find(Instance, { stagingExpiresAt: { $lte: new Date(takenAt) }, deletedAt: null, status: { $nin: ['DELETING', 'DELETED'] } });
      for (const copy of expired) {
        if (busy.has(copy.id)) continue;
        result.repairs.push({ instanceId: copy.id, type: 'DELETE' });
        this.logger.info({ instanceId: copy.id, tenantId: copy.tenantId, stagingExpiresAt: copy.stagingExpiresAt?.toISOString() }, 'staging copy expired: deleting');
      }
      const expiredIds = new Set(expired.map((copy) => copy.id));
      for (const instance of instances) {
        if (expiredIds.has(instance.id) || busy.has(instance.id) || instance.updatedAt.getTime() > takenAt - SETTLE_MS) continue;
        const container = containers.get(instance.id);
        const drift = driftOf(instance, container);
        const moved = movedDirectUrl(instance, container);
        if (moved) {
          // Not a change of state (updatedAt, the idleness clock, stays): only where it answers.
          await em.nativeUpdate(Instance, { id: instance.id, status: 'RUNNING' }, { directUrl: moved });
          this.logger.info({ instanceId: instance.id, from: instance.directUrl, to: moved }, 'instance answers at a new address: edge routes follow');
          result.moved.push({ instanceId: instance.id, directUrl: moved });
        }
        if (!drift) {
          if (instance.status === 'RUNNING' && isIdleEnoughToHibernate(instance, snapshot.activity, new Date(takenAt))) {
            result.repairs.push({ instanceId: instance.id, type: 'HIBERNATE' });
            this.logger.info({ instanceId: instance.id, hibernateAfterMinutes: instance.hibernateAfterMinutes }, 'instance idle: hibernating');
          }
          continue;
        }
        result.drifts.push(drift);
        if (drift.repair) result.repairs.push({ instanceId: instance.id, type: drift.repair });
        if (drift.kind === 'container-missing') {
          result.messages.push(changeStatus(em, instance, 'FAILED', 'The container of this instance has disappeared.', null));
        }
      }
      const known = new Set(
        (await em.find(Instance, { id: { $in: [...containers.keys()] }, deletedAt: null }, { fields: ['id'] })).map((i) => i.id),
      );
      for (const container of containers.values()) {
        if (!known.has(container.instanceId)) {
          result.drifts.push({ instanceId: container.instanceId, tenantId: container.tenantId, kind: 'orphan' });
        }
      }
    });
    for (const drift of result.drifts) this.logger.warn({ ...drift }, 'reconciler found drift');
    return result;
  }
}

/**
 * How one instance's container differs from its desired state, or null. A RUNNING instance
 * needs a running container: a missing one is reported, a stopped or crash-looping one is
 * restarted through a normal job (whose health check fails, and reports, when the crashes go
 * on). A STOPPED or HIBERNATED instance must not have a running container (it is stopped
 * again the way it was stopped); its stopped or missing container is what it should be.
 */
export function driftOf(instance: DesiredInstance, container: ContainerObservation | undefined): Drift | null {
  const base = { instanceId: instance.id, tenantId: instance.tenantId };
  if (instance.status === 'RUNNING') {
    if (!container) return { ...base, kind: 'container-missing' };
    if (CRASHING_STATES.has(container.state)) return { ...base, kind: 'container-crash-looping', repair: 'RESTART' };
    if (container.state !== 'running') return { ...base, kind: 'container-stopped', repair: 'RESTART' };
  }
  if ((instance.status === 'STOPPED' || instance.status === 'HIBERNATED') && container && container.state === 'running') {
    return { ...base, kind: 'container-running', repair: instance.status === 'STOPPED' ? 'STOP' : 'HIBERNATE' };
  }
  return null;
}

/**
 * The address a RUNNING instance's running container answers at now, when it differs from the
 * one stored (the edge proxies to the stored one); null when nothing moved or nothing is known.
 */
export function movedDirectUrl(instance: Pick<Instance, 'status' | 'directUrl'>, container: ContainerObservation | undefined): string | null {
  if (instance.status !== 'RUNNING' || container?.state !== 'running' || !container.directUrl) return null;
  return container.directUrl === instance.directUrl ? null : container.directUrl;
}
