import {
  deadLetterQueue,
  Exchanges,
  JOB_RETRY_DELAYS_MS,
  Queues,
  retryQueue,
  RoutingKeys,
} from '@saas/contracts';
import type { Connection } from 'rabbitmq-client';

/** After this many deliveries without an ack (crash loops), the broker dead-letters a message. */
export const DELIVERY_LIMIT = 20;

/**
 * The declaration of one of the platform's queues, exactly as {@link declareTopology} makes
 * it; consumers declare their queue with it so a consumer started first creates it right.
 */
export function queueDeclaration(queue: string) {
  return quorumQueue(queue);
}

function quorumQueue(queue: string) {
  return {
    queue,
    durable: true,
    arguments: {
      'x-queue-type': 'quorum' as const,
      'x-dead-letter-exchange': Exchanges.deadLetter,
      'x-dead-letter-routing-key': queue,
      'x-delivery-limit': DELIVERY_LIMIT,
    },
  };
}

const BINDINGS: Array<{ queue: string; exchange: string; routingKey: string }> = [
  { queue: Queues.instanceWorkerEvents, exchange: Exchanges.instanceEvents, routingKey: '#' },
  { queue: Queues.billingInstanceStatus, exchange: Exchanges.instanceStatus, routingKey: '#' },
  { queue: Queues.tenantAudit, exchange: Exchanges.platformEvents, routingKey: 'audit.*' },
  { queue: Queues.tenantBillingEvents, exchange: Exchanges.platformEvents, routingKey: RoutingKeys.billingTenantStatus },
  { queue: Queues.instanceBillingEvents, exchange: Exchanges.platformEvents, routingKey: RoutingKeys.billingTenantStatus },
  { queue: Queues.billingTenantEvents, exchange: Exchanges.platformEvents, routingKey: 'tenant.*' },
  // A copy of every dead-lettered job for the instance subgraph, next to instance.jobs.dead.
  { queue: Queues.instanceDeadJobs, exchange: Exchanges.deadLetter, routingKey: Queues.instanceJobs },
];

/**
 * Declares every exchange, queue and binding. Idempotent and identical in every service,
 * so whichever starts first creates the topology and nothing is published into the void.
 */
export async function declareTopology(connection: Connection): Promise<void> {
  for (const exchange of [Exchanges.instanceEvents, Exchanges.instanceStatus, Exchanges.platformEvents]) {
    await connection.exchangeDeclare({ exchange, type: 'topic', durable: true });
  }
  await connection.exchangeDeclare({ exchange: Exchanges.deadLetter, type: 'direct', durable: true });
  for (const queue of Object.values(Queues)) {
    await connection.queueDeclare(quorumQueue(queue));
    const dead = deadLetterQueue(queue);
    await connection.queueDeclare({ queue: dead, durable: true, arguments: { 'x-queue-type': 'quorum' as const } });
    await connection.queueBind({ queue: dead, exchange: Exchanges.deadLetter, routingKey: queue });
  }
  for (const [index, delay] of JOB_RETRY_DELAYS_MS.entries()) {
    // Classic queues with a fixed TTL per attempt: expired messages return to the job queue.
    await connection.queueDeclare({
      queue: retryQueue(index + 1),
      durable: true,
      arguments: {
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': Queues.instanceJobs,
      },
    });
  }
  for (const binding of BINDINGS) await connection.queueBind(binding);
}
