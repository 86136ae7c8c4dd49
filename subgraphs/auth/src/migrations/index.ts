import type { MigrationObject } from '@mikro-orm/core';

/** Every migration of the auth database, oldest first. */
export const migrations: MigrationObject[] = [];
