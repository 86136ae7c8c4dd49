/**
 * Names of everything that belongs to one instance, derived from its id alone, so a re-run
 * job finds (and adopts) what an earlier attempt created.
 */
export interface InstanceNames {
  /** PostgreSQL role and database (identifiers: no dashes, at most 63 characters). */
  database: string;
  role: string;
  container: string;
  /** One-off container that initialises or upgrades the database, and helpers (restore). */
  helperContainer: string;
  volume: string;
}

export function instanceNames(instanceId: string): InstanceNames {
  const compact = instanceId.toLowerCase().replace(/-/g, '');
  return {
    database: `odoo_${compact}`,
    role: `odoo_${compact}`,
    container: `odoo-${instanceId}`,
    helperContainer: `odoo-helper-${instanceId}`,
    volume: `odoo-data-${instanceId}`,
  };
}

/** Where Odoo keeps an instance's attachments inside its container. */
export const ODOO_DATA_DIR = '/var/lib/odoo';
export const filestorePath = (database: string) => `${ODOO_DATA_DIR}/filestore/${database}`;

/** The `odoo` user of the official image (and of the stand-in): owner of the filestore. */
export const ODOO_USER = { uid: 101, gid: 101 } as const;
