import { type EntitySchema, type MigrationObject, MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import { StatementOnlyErrorsPostgreSqlDriver } from './statement-only-errors';

export type Orm = MikroORM<PostgreSqlDriver>;

export interface OrmConfig {
  /** `postgres://user:password@host:port/database` of the service's own database. */
  clientUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- MikroORM's own signature
  entities: EntitySchema<any, any>[];
  /** Committed migrations, in order; listed explicitly so bundles and tsx both find them. */
  migrations: MigrationObject[];
  logger: Logger;
  poolMax?: number;
}

/** MikroORM options of a service; shared by the runtime and the MikroORM CLI. */
export function ormOptions(config: Omit<OrmConfig, 'logger'> & { logger?: Logger }): Options<PostgreSqlDriver> {
  return {
    // A failed query's error names the statement, never the values (customer data, secrets).
    driver: StatementOnlyErrorsPostgreSqlDriver,
    clientUrl: config.clientUrl,
    entities: config.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: config.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      tableName: 'mikro_orm_migrations',
    },
    // Every request works on its own fork; the global context is a bug magnet.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: config.poolMax ?? 10 },
    debug: false,
    logger: config.logger ? (message) => config.logger?.debug({ orm: true }, message) : undefined,
    discovery: { warnWhenNoEntities: false },
  };
}

/** Connects, applies pending migrations, and returns the ORM. */
export async function initOrm(config: OrmConfig): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(config));
  const applied = await orm.getMigrator().up();
  if (applied.length > 0) {
    config.logger.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  }
  return orm;
}

/** Readiness probe: one round trip to the database. */
export async function pingDatabase(orm: Orm): Promise<void> {
  await orm.em.getConnection().execute('select 1');
}
