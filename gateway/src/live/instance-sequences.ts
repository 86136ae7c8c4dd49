import type { TenantChannelMessage } from '@saas/contracts';

/**
 * The last `sequence` delivered per instance. The instance subgraph numbers each status change
 * of an instance (1, 2, 3, ...) and publishes after commit; nothing in Redis pub/sub promises
 * that two publishers (several subgraph processes, a retry) keep that order. An
 * `instance.status` message whose sequence is not newer than the last one delivered for its
 * instance is stale or a duplicate, and is dropped. Other messages carry no sequence and pass.
 */
export class InstanceSequences {
  private readonly latest = new Map<string, number>();

  /** True when the message should be delivered (and records its sequence). */
  accept(message: TenantChannelMessage): boolean {
    if (message.type !== 'instance.status') return true;
    const last = this.latest.get(message.instanceId);
    if (last !== undefined && message.sequence <= last) return false;
    this.latest.set(message.instanceId, message.sequence);
    return true;
  }
}
