import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipCache } from '@saas/authz';
import { initOrm, type Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { connectRedis, type RedisClient, type RedisKeys, redisKeys } from '@saas/redis';
import { createDatabase, deleteRedisPrefix, dropDatabase } from '@saas/testing';
import { entities, migrations } from '../../src/mikro-orm.config';

export const silentLogger = createLogger({ service: 'tenant-test', level: 'silent' });

/** A migrated tenant database and a Redis prefix of their own for one test file. */
export async function tenantDatabase(): Promise<{
  orm: Orm;
  em: () => EntityManager;
  url: string;
  redis: RedisClient;
  keys: RedisKeys;
  cache: MembershipCache;
  drop: () => Promise<void>;
}> {
  const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const name = `saas_tenant_it_${suffix}`;
  const url = await createDatabase('saas_tenant', name);
  const orm = await initOrm({ clientUrl: url, entities, migrations, logger: silentLogger });
  const redis = await connectRedis({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger: silentLogger, name: 'tenant-it' });
  const keys = redisKeys(`saas-test:tenant-it-${suffix}:`);
  return {
    orm,
    url,
    redis,
    keys,
    cache: new MembershipCache(redis, keys),
    em: () => orm.em.fork() as EntityManager,
    drop: async () => {
      await orm.close();
      await dropDatabase('saas_tenant', name);
      await deleteRedisPrefix(`saas-test:tenant-it-${suffix}:`);
      await redis.quit();
    },
  };
}
