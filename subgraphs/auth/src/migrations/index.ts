import { Migration20261124110000CreateIdentity } from './Migration20261124110000CreateIdentity';

/** Every migration of the auth database, oldest first. */
export const migrations = [{ name: 'Migration20261124110000CreateIdentity', class: Migration20261124110000CreateIdentity }];
