import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantBillingStatusChanged } from '@saas/contracts';
import { DomainError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { Instance } from '../entities/instance.entity';
import { ACTIVE_OPERATION_STATUSES, InstanceOperation } from '../entities/instance-operation.entity';
import type { InstanceCommands } from './instance-commands.service';

/** Thrown when an instance is busy: the message is retried later and finishes the job. */
export class SuspensionPending extends Error {}

/**
 * A tenant suspended for non-payment has its RUNNING instances stopped through the normal
 * job pipeline (data kept; HIBERNATED ones too, so no request at the edge wakes them); when
 * it pays, the instances stopped that way are started again.
 * New instances are refused meanwhile (the tenant's status is SUSPENDED).
 */
export class SuspensionService {
  constructor(
    private readonly em: EntityManager,
    private readonly commands: InstanceCommands,
    private readonly logger: Logger,
  ) {}

  async apply(change: TenantBillingStatusChanged): Promise<void> {
    const em = this.em.fork();
    const instances = await em.find(Instance, { tenantId: change.tenantId, deletedAt: null });
    const busy = new Set(
      (await em.find(InstanceOperation, { tenantId: change.tenantId, status: { $in: [...ACTIVE_OPERATION_STATUSES] } })).map((op) => op.instanceId),
    );
    let pending = 0;
    for (const instance of instances) {
      const wanted = change.suspended
        ? instance.status === 'RUNNING' || instance.status === 'HIBERNATED' || (busy.has(instance.id) && !instance.suspendedByBilling)
        : instance.suspendedByBilling;
      if (!wanted) continue;
      if (busy.has(instance.id)) {
        pending += 1;
        continue;
      }
      try {
        if (change.suspended) {
          await this.commands.system(instance.id, 'STOP');
          await em.nativeUpdate(Instance, { id: instance.id }, { suspendedByBilling: true });
        } else {
          if (instance.status === 'STOPPED') await this.commands.system(instance.id, 'START');
          await em.nativeUpdate(Instance, { id: instance.id }, { suspendedByBilling: false });
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.info({ instanceId: instance.id, reason: error.message }, 'suspension change not applied to an instance');
      }
    }
    this.logger.info({ tenantId: change.tenantId, suspended: change.suspended, pending }, 'billing suspension applied');
    if (pending > 0) throw new SuspensionPending(`${pending} instance(s) busy; retrying`);
  }
}
