import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { OdooZip, withOdooZip, ZipRefusal } from '@saas/backups';
import type { BackupVerificationFacts } from '@saas/contracts';
import type { JobContext } from '../jobs/job-context';
import { instanceDatabase } from '../jobs/odoo-instance';
import { restoreSql } from './pg-tools';
import type { StoredBackup } from './stored-backup';

/** Tables every Odoo database has from `base` on (the stand-in creates them too). */
export const CORE_TABLES = ['ir_module_module', 'res_users', 'ir_config_parameter'] as const;

/** Why a restored database is not a usable Odoo database, or undefined when it is. */
export async function checkOdooDatabase(context: JobContext, database: string): Promise<string | undefined> {
  return context.services.odooDb.inDatabase(database, async (client) => {
    const tables = await client.query<{ name: string; present: boolean }>(
      'select name, to_regclass(format($$public.%I$$, name)) is not null as present from unnest($1::text[]) as name',
      [CORE_TABLES],
    );
    const missing = tables.rows.filter((row) => !row.present).map((row) => row.name);
    if (missing.length > 0) return `core tables missing: ${missing.join(', ')}`;
    const base = await client.query("select 1 from ir_module_module where name = 'base' and state = 'installed'");
    if ((base.rowCount ?? 0) === 0) return 'module base is not installed';
    const users = await client.query<{ count: string }>('select count(*) as count from res_users');
    if (Number(users.rows[0]?.count ?? 0) === 0) return 'the database has no users';
    return undefined;
  });
}

/** What the zip's filestore must hold: the manifest's count (ours), else its central directory's. */
export async function checkFilestore(zip: OdooZip): Promise<string | undefined> {
  const expected = zip.manifest.saas?.filestore ?? zip.declaredFilestore;
  const found = await zip.measureFilestore();
  if (found.files !== expected.files || found.bytes !== expected.bytes) {
    return `the filestore holds ${found.files} files (${found.bytes} bytes), the manifest says ${expected.files} (${expected.bytes} bytes)`;
  }
  return undefined;
}

/**
 * Restores a backup (Odoo zip) into a scratch database on the instance's database server,
 * owned by the instance's role, and checks it: the restore succeeds, the core tables are
 * there, `base` is installed, there are users, and the filestore's file count and size
 * match the manifest. The scratch database is dropped whatever happens. A backup that fails
 * a check is FAILED with the reason; trouble reaching the server throws (the job retries).
 */
export async function verifyStoredBackup(context: JobContext, stored: StoredBackup): Promise<BackupVerificationFacts> {
  const { odooDb, store, settings } = context.services;
  const at = () => new Date().toISOString();
  const outcome = (reason?: string): BackupVerificationFacts =>
    reason ? { backupId: stored.backupId, status: 'FAILED', at: at(), reason } : { backupId: stored.backupId, status: 'PASSED', at: at() };
  if (stored.format !== 'zip') return outcome('only Odoo database-manager zips are verified');
  const scratch = scratchDatabaseName(stored.backupId);
  const work = path.join(settings.workDir, `verify-${stored.backupId}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true, mode: 0o700 });
  try {
    return await store.withLocalFile(stored.keys.archive, (file) =>
      withOdooZip(file, async (zip) => {
        const dump = path.join(work, 'dump.sql');
        await zip.extractDump(dump);
        const spec = { ...instanceDatabase(context), database: scratch };
        await odooDb.createScratchDatabase({ ...spec, comment: `${spec.comment} saas.scratch=verify` });
        try {
          const restored = await restoreSql(odooDb.connection, scratch, spec.role, dump).then(
            () => undefined,
            (error: unknown) => `the dump does not restore: ${error instanceof Error ? error.message : String(error)}`,
          );
          return outcome(restored ?? (await checkOdooDatabase(context, scratch)) ?? (await checkFilestore(zip)));
        } finally {
          await odooDb.dropDatabase(scratch);
        }
      }),
    );
  } catch (error) {
    if (error instanceof ZipRefusal) return outcome(`the archive is not a usable Odoo zip: ${error.message}`);
    if (error instanceof Error && /damaged|too many bytes|not enough bytes|invalid|unexpected end/i.test(error.message)) return outcome(error.message);
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `odoo_verify_<backup id without dashes>`: at most 63 characters. */
export function scratchDatabaseName(backupId: string): string {
  return `odoo_verify_${backupId.toLowerCase().replace(/[^a-z0-9]/g, '')}`.slice(0, 63);
}
