import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124100000CreateInstances } from './Migration20261124100000CreateInstances';

/** Every migration of the instance database, oldest first. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261124100000CreateInstances', class: Migration20261124100000CreateInstances },
];
