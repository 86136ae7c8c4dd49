import type { MigrationObject } from '@mikro-orm/core';

/** Every migration of the billing database, oldest first. */
export const migrations: MigrationObject[] = [];
