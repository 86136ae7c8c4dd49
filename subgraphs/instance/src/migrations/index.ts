import type { MigrationObject } from '@mikro-orm/core';

/** Every migration of the instance database, oldest first. */
export const migrations: MigrationObject[] = [];
