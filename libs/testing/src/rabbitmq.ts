import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const AMQP_HOST = process.env.TEST_AMQP_HOST ?? '127.0.0.1:5672';

/** AMQP URL of a virtual host (guest/guest, the local broker's dev default). */
export function amqpUrlFor(vhost: string): string {
  return `amqp://guest:guest@${AMQP_HOST}/${encodeURIComponent(vhost)}`;
}

/**
 * A RabbitMQ virtual host of its own for a test run: queues and exchanges of different runs
 * never meet, and deleting the vhost removes everything the run declared.
 */
export async function createVhost(vhost: string): Promise<string> {
  await run('rabbitmqctl', ['-q', 'add_vhost', vhost]);
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*']);
  return amqpUrlFor(vhost);
}

export async function deleteVhost(vhost: string): Promise<void> {
  await run('rabbitmqctl', ['-q', 'delete_vhost', vhost]).catch(() => undefined);
}
