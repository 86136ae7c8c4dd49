/** Entry names of Odoo's database-manager zip (`odoo/service/db.py` dump_db / restore_db). */
export const OdooZipEntries = {
  /** Plain SQL, `pg_dump --no-owner`; restored with psql. */
  dump: 'dump.sql',
  manifest: 'manifest.json',
  /** The database's filestore (`<data_dir>/filestore/<db>/...`) under this prefix. */
  filestorePrefix: 'filestore/',
} as const;
