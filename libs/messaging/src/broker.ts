import type { Logger } from '@saas/logger';
import { Connection } from 'rabbitmq-client';

export type { AsyncMessage, Connection, Consumer, Publisher } from 'rabbitmq-client';
export { ConsumerStatus } from 'rabbitmq-client';

/**
 * A RabbitMQ connection that reconnects by itself. Start-up does not wait for the broker:
 * a service whose broker is down still starts (its outbox keeps messages until it is back).
 */
export function connectBroker(url: string, logger: Logger, connectionName: string): Connection {
  const connection = new Connection({
    url,
    connectionName,
    retryLow: 250,
    retryHigh: 5_000,
    connectionTimeout: 5_000,
    acquireTimeout: 5_000,
  });
  let down = false;
  connection.on('error', (error) => {
    if (!down) logger.warn({ err: error }, 'rabbitmq connection error');
    down = true;
  });
  connection.on('connection', () => {
    logger.info(down ? 'rabbitmq connection restored' : 'rabbitmq connected');
    down = false;
  });
  return connection;
}

/** Readiness probe. */
export async function pingBroker(connection: Connection): Promise<void> {
  if (!connection.ready) throw new Error('not connected');
}

/** Waits until the connection is up (tests, tools); rejects after `timeoutMs`. */
export async function waitForBroker(connection: Connection, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!connection.ready) {
    if (Date.now() > deadline) throw new Error('RabbitMQ did not answer in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Declares the topology once the broker answers, retrying until it succeeds, so a service
 * can start while RabbitMQ is down. Resolves when declared.
 */
export function declareWhenConnected(connection: Connection, declare: (c: Connection) => Promise<void>, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const attempt = (delayMs: number) => {
      setTimeout(() => {
        declare(connection).then(resolve, (error: unknown) => {
          logger.warn({ err: error }, 'could not declare the RabbitMQ topology yet; retrying');
          attempt(Math.min(delayMs * 2 || 500, 5_000));
        });
      }, delayMs);
    };
    attempt(0);
  });
}
