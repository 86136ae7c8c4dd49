import { ODOO_DATA_DIR } from '../instance-names';

export interface OdooConfInput {
  database: string;
  adminPassword: string;
  /**
   * A staging copy's outgoing mail: the platform's mail catcher, with the copy's own login.
   * Odoo falls back to these when no mail server record matches.
   */
  smtp?: { host: string; port: number; user: string; password: string };
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
 * password of the instance, and behind a proxy (the Caddy edge) so Odoo trusts X-Forwarded-*.
 * The database credentials come from the image's env contract (HOST/PORT/USER and
 * PASSWORD_FILE), so they are not repeated here. Written 0640 root:odoo (putPrivateFile).
 */
export function renderOdooConf({ database, adminPassword, smtp }: OdooConfInput): string {
  const mail = smtp
    ? [
        '; A staging copy: every mail goes to the platform mail catcher, never out.',
        `smtp_server = ${iniValue(smtp.host)}`,
        `smtp_port = ${smtp.port}`,
        `smtp_user = ${iniValue(smtp.user)}`,
        `smtp_password = ${iniValue(smtp.password)}`,
        'smtp_ssl = False',
      ]
    : [];
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
    ...mail,
    '',
  ].join('\n');
}
