import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124100000CreateInstances } from './Migration20261124100000CreateInstances';
import { Migration20261124120000SuspendedByBilling } from './Migration20261124120000SuspendedByBilling';

/** Every migration of the instance database, oldest first. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261124100000CreateInstances', class: Migration20261124100000CreateInstances },
  { name: 'Migration20261124120000SuspendedByBilling', class: Migration20261124120000SuspendedByBilling },
];
