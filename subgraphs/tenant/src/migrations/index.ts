import type { MigrationObject } from '@mikro-orm/core';

/** Every migration of the tenant database, oldest first. */
export const migrations: MigrationObject[] = [];
