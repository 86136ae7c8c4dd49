import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { initOrm, type Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { createDatabase, dropDatabase } from '@saas/testing';
import { entities, migrations } from '../../src/mikro-orm.config';

export const silentLogger = createLogger({ service: 'billing-test', level: 'silent' });

/** A migrated billing database of its own for one test file. */
export async function billingDatabase(): Promise<{ orm: Orm; em: () => EntityManager; url: string; drop: () => Promise<void> }> {
  const name = `saas_billing_it_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const url = await createDatabase('saas_billing', name);
  const orm = await initOrm({ clientUrl: url, entities, migrations, logger: silentLogger });
  return {
    orm,
    url,
    em: () => orm.em.fork() as EntityManager,
    drop: async () => {
      await orm.close();
      await dropDatabase('saas_billing', name);
    },
  };
}
