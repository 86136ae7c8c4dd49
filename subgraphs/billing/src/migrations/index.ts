import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124110000CreatePlansAndSubscriptions } from './Migration20261124110000CreatePlansAndSubscriptions';
import { Migration20261125100000MeteringAndInvoices } from './Migration20261125100000MeteringAndInvoices';
import { Migration20261203160000PlanHibernation } from './Migration20261203160000PlanHibernation';
import { Migration20261204030000PlanStagingAndRotation } from './Migration20261204030000PlanStagingAndRotation';
import { Migration20261204190000PlanUploadMax } from './Migration20261204190000PlanUploadMax';

/** Every migration of the billing database, oldest first. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261124110000CreatePlansAndSubscriptions', class: Migration20261124110000CreatePlansAndSubscriptions },
  { name: 'Migration20261125100000MeteringAndInvoices', class: Migration20261125100000MeteringAndInvoices },
  { name: 'Migration20261203160000PlanHibernation', class: Migration20261203160000PlanHibernation },
  { name: 'Migration20261204030000PlanStagingAndRotation', class: Migration20261204030000PlanStagingAndRotation },
  { name: 'Migration20261204190000PlanUploadMax', class: Migration20261204190000PlanUploadMax },
];
