import type { EntityManager } from '@mikro-orm/postgresql';
import { Instance } from '../entities/instance.entity';
import { InstanceOperation } from '../entities/instance-operation.entity';
import type { InstanceCommands } from '../services/instance-commands.service';
import type { WakeBackend, WakeState } from './instance-wakes';

/** The waker's view of the instances: their rows, and the lifecycle commands to START one. */
export class DatabaseWakeBackend implements WakeBackend {
  constructor(
    private readonly em: EntityManager,
    private readonly commands: () => InstanceCommands,
  ) {}

  async state(instanceId: string): Promise<WakeState | null> {
    const instance = await this.em.fork().findOne(
      Instance,
      { id: instanceId, deletedAt: null },
      { fields: ['status', 'directUrl', 'statusMessage', 'suspendedByBilling'] },
    );
    return instance ? { status: instance.status, directUrl: instance.directUrl, statusMessage: instance.statusMessage, suspendedByBilling: instance.suspendedByBilling } : null;
  }

  async queueStart(instanceId: string): Promise<{ operationId: string }> {
    const operation = await this.commands().wake(instanceId);
    return { operationId: operation.id };
  }

  async operation(operationId: string): Promise<{ status: string; error: string | null } | null> {
    const operation = await this.em.fork().findOne(InstanceOperation, { id: operationId }, { fields: ['status', 'error'] });
    return operation ? { status: operation.status, error: operation.error } : null;
  }
}
