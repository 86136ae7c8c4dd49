import { isDependencyOutage } from '@saas/errors';
import { createLogger } from '@saas/logger';
import { RedisServer } from '@saas/testing';
import { connectRedis, type RedisClient } from '../src';

const logger = createLogger({ service: 'redis-fail-fast-test', level: 'silent' });

describe('connectRedis (a private redis-server)', () => {
  let server: RedisServer;
  const clients: RedisClient[] = [];

  beforeEach(async () => {
    server = await RedisServer.start();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.stop();
  });

  it('fails a command at once while Redis is down when failFast (no offline queue), and works again once it is back', async () => {
    const client = await connectRedis({ url: server.url, logger, name: 'fail-fast', failFast: true });
    clients.push(client);
    await client.set('k', 'v');
    await server.stop();
    // Without failFast this command would wait for a server that never comes back.
    const error = await client.get('k').then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isDependencyOutage(error)).toBe(true);
    await server.restart();
    for (;;) {
      if (client.isReady) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await client.set('k', 'again')).toBe('OK');
  });

  it('keeps the offline queue for a subscriber duplicated from a fail-fast client', async () => {
    const client = await connectRedis({ url: server.url, logger, name: 'fail-fast', failFast: true });
    const subscriber = client.duplicate({ disableOfflineQueue: false });
    subscriber.on('error', () => undefined);
    clients.push(client, subscriber);
    await subscriber.connect();
    await server.stop();
    while (subscriber.isReady) await new Promise((resolve) => setTimeout(resolve, 20));
    const received: string[] = [];
    const subscribed = subscriber.subscribe('channel', (message) => received.push(message));
    await server.restart();
    await subscribed;
    for (;;) {
      if (client.isReady) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (;;) {
      await client.publish('channel', 'hello');
      if (received.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(received[0]).toBe('hello');
  });
});
