import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124110000CreatePlansAndSubscriptions } from './Migration20261124110000CreatePlansAndSubscriptions';

/** Every migration of the billing database, oldest first. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261124110000CreatePlansAndSubscriptions', class: Migration20261124110000CreatePlansAndSubscriptions },
];
