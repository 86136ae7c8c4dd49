import { Migration20261124000000CreateProfiles } from './Migration20261124000000CreateProfiles';

/** Every migration of the user database, oldest first. */
export const migrations = [
  { name: 'Migration20261124000000CreateProfiles', class: Migration20261124000000CreateProfiles },
];
