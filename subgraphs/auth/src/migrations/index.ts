import { Migration20261124110000CreateIdentity } from './Migration20261124110000CreateIdentity';
import { Migration20261204190000PasswordResetRequests } from './Migration20261204190000PasswordResetRequests';

/** Every migration of the auth database, oldest first. */
export const migrations = [
  { name: 'Migration20261124110000CreateIdentity', class: Migration20261124110000CreateIdentity },
  { name: 'Migration20261204190000PasswordResetRequests', class: Migration20261204190000PasswordResetRequests },
];
