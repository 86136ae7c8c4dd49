import { ODOO_DATA_DIR } from '../instance-names';

export interface OdooConfInput {
  database: string;
  adminPassword: string;
}

/** A value on one line of an INI file: no line breaks can sneak in another option. */
function iniValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('odoo.conf values cannot contain line breaks');
  return value;
}

/** Escapes a database name for Odoo's `dbfilter` (a regular expression). */
function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `/etc/odoo/odoo.conf` of an instance: one database only, no database manager, the master
 * password of the instance, and behind a proxy (Traefik) so Odoo trusts X-Forwarded-*.
 * The database credentials come from the image's env contract (HOST/PORT/USER/PASSWORD),
 * so they are not repeated here.
 */
export function renderOdooConf({ database, adminPassword }: OdooConfInput): string {
  return [
    '[options]',
    '; Written by the provisioning worker; replaced on every create, start and restore.',
    `addons_path = /mnt/extra-addons`,
    `data_dir = ${ODOO_DATA_DIR}`,
    `db_name = ${iniValue(database)}`,
    `dbfilter = ^${regexLiteral(iniValue(database))}$`,
    'list_db = False',
    `admin_passwd = ${iniValue(adminPassword)}`,
    'proxy_mode = True',
    '',
  ].join('\n');
}
