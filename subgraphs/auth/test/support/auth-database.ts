import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { initOrm, type Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { createDatabase, dropDatabase } from '@saas/testing';
import { entities, migrations } from '../../src/mikro-orm.config';

/** A migrated auth database of its own for one test file. */
export async function authDatabase(): Promise<{ orm: Orm; em: () => EntityManager; url: string; drop: () => Promise<void> }> {
  const name = `saas_auth_it_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const url = await createDatabase('saas_auth', name);
  const orm = await initOrm({ clientUrl: url, entities, migrations, logger: createLogger({ service: 'auth-test', level: 'silent' }) });
  return {
    orm,
    url,
    em: () => orm.em.fork() as EntityManager,
    drop: async () => {
      await orm.close();
      await dropDatabase('saas_auth', name);
    },
  };
}
