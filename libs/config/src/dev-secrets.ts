import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where ops/services/ensure-services.sh keeps the secrets it generated for this machine's
 * backing services (one file per secret, the owner's only). Machine-wide, not per checkout:
 * every worktree uses the same services.
 */
export const MACHINE_DEV_SECRETS_DIR = process.env.SAAS_DEV_SECRETS_DIR ?? '/var/lib/odoo-saas/dev-secrets';

/** A secret generated for this machine's services; undefined where none was generated. */
export function machineDevSecret(name: string): string | undefined {
  try {
    return readFileSync(path.join(MACHINE_DEV_SECRETS_DIR, name), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The Odoo database admin's development password before it was generated: refused everywhere now. */
export const PUBLISHED_ODOO_DB_ADMIN_PASSWORD = 'odoo_admin_dev';

/**
 * The Odoo database server's admin as ensure-services.sh set it up: its password is random,
 * generated at the cluster's first start (no published default logs in). Without the file
 * the password is empty, and the server refuses the login with a clear error.
 */
export function devOdooDbAdminUrl(): string {
  const password = machineDevSecret('odoo-db-admin-password') ?? '';
  return `postgres://odoo_admin:${encodeURIComponent(password)}@127.0.0.1:5433/postgres`;
}
