import { Migration20261124200000CreateTenancy } from './Migration20261124200000CreateTenancy';
import { Migration20261204190000TenantQuotas } from './Migration20261204190000TenantQuotas';

/** Every migration of the tenant database, oldest first. */
export const migrations = [
  { name: 'Migration20261124200000CreateTenancy', class: Migration20261124200000CreateTenancy },
  { name: 'Migration20261204190000TenantQuotas', class: Migration20261204190000TenantQuotas },
];
