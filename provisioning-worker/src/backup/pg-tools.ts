import { spawn } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import type { AdminConnection } from '../odoo-db/odoo-db-admin';

/**
 * Runs a libpq tool (pg_dump, pg_restore) as the admin role. The password travels in the
 * environment, never on the command line (visible to every user in the process list).
 */
function runPgTool(tool: string, args: string[], connection: AdminConnection, database: string, extraEnv: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      env: {
        ...process.env,
        PGHOST: connection.host,
        PGPORT: String(connection.port),
        PGUSER: connection.user,
        PGPASSWORD: connection.password,
        PGDATABASE: database,
        PGCONNECT_TIMEOUT: '10',
        PGAPPNAME: 'saas-provisioning-worker',
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
    });
    child.once('error', (error) => reject(new Error(`${tool} could not run: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${tool} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

/**
 * Plain SQL `pg_dump --no-owner` of an instance database, as Odoo's database manager writes
 * `dump.sql`; connected as the admin but acting as the instance's role (`--role`), so it reads
 * exactly what Odoo can. `--no-privileges` too: GRANTs naming our per-instance role would
 * fail wherever the dump is restored (Odoo.sh, another server).
 */
export async function dumpSql(connection: AdminConnection, database: string, role: string, file: string): Promise<void> {
  // pg_dump would create it 0644: a full dump is created the owner's only, then filled.
  await writeFile(file, '', { mode: 0o600 });
  await chmod(file, 0o600);
  return runPgTool('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', `--role=${role}`, `--file=${file}`], connection, database);
}

/**
 * Restores a plain SQL dump (`dump.sql`) into an empty database with psql, as Odoo's
 * `restore_db` does, but strictly: one transaction, stopping at the first error, so a dump
 * that does not restore completely leaves nothing. The session acts as the instance's role
 * (`PGOPTIONS=-c role=...`), so every object is owned by it.
 */
export function restoreSql(connection: AdminConnection, database: string, role: string, file: string): Promise<void> {
  return runPgTool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--file=${file}`], connection, database, {
    PGOPTIONS: `-c role=${role}`,
  });
}

/** Restores a legacy `-Fc` dump into an empty database; objects end up owned by the instance's role. */
export function restoreCustomDump(connection: AdminConnection, database: string, role: string, file: string): Promise<void> {
  return runPgTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--role=${role}`, `--dbname=${database}`, file],
    connection,
    database,
  );
}
