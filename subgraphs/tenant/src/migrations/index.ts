import { Migration20261124200000CreateTenancy } from './Migration20261124200000CreateTenancy';

/** Every migration of the tenant database, oldest first. */
export const migrations = [{ name: 'Migration20261124200000CreateTenancy', class: Migration20261124200000CreateTenancy }];
