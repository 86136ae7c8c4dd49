import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124100000CreateInstances } from './Migration20261124100000CreateInstances';
import { Migration20261124120000SuspendedByBilling } from './Migration20261124120000SuspendedByBilling';
import { Migration20261124130000BackupExpiry } from './Migration20261124130000BackupExpiry';
import { Migration20261202120000PortableBackups } from './Migration20261202120000PortableBackups';
import { Migration20261203160000Hibernation } from './Migration20261203160000Hibernation';
import { Migration20261203170000InstanceDomains } from './Migration20261203170000InstanceDomains';
import { Migration20261204010000StagingCopies } from './Migration20261204010000StagingCopies';
import { Migration20261204190000StatusPositions } from './Migration20261204190000StatusPositions';
import { Migration20261204193000InstanceUploadMax } from './Migration20261204193000InstanceUploadMax';

/** Every migration of the instance database, oldest first. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261124100000CreateInstances', class: Migration20261124100000CreateInstances },
  { name: 'Migration20261124120000SuspendedByBilling', class: Migration20261124120000SuspendedByBilling },
  { name: 'Migration20261124130000BackupExpiry', class: Migration20261124130000BackupExpiry },
  { name: 'Migration20261202120000PortableBackups', class: Migration20261202120000PortableBackups },
  { name: 'Migration20261203160000Hibernation', class: Migration20261203160000Hibernation },
  { name: 'Migration20261203170000InstanceDomains', class: Migration20261203170000InstanceDomains },
  { name: 'Migration20261204010000StagingCopies', class: Migration20261204010000StagingCopies },
  { name: 'Migration20261204190000StatusPositions', class: Migration20261204190000StatusPositions },
  { name: 'Migration20261204193000InstanceUploadMax', class: Migration20261204193000InstanceUploadMax },
];
