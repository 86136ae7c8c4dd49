import { spawn } from 'node:child_process';
import type { AdminConnection } from '../odoo-db/odoo-db-admin';

/**
 * Runs a libpq tool (pg_dump, pg_restore) as the admin role. The password travels in the
 * environment, never on the command line (visible to every user in the process list).
 */
function runPgTool(tool: string, args: string[], connection: AdminConnection, database: string): Promise<void> {
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
 * `pg_dump -Fc` of an instance database, connected as the admin but acting as the
 * instance's role (`--role`), so it reads exactly what Odoo can.
 */
export function dumpDatabase(connection: AdminConnection, database: string, role: string, file: string): Promise<void> {
  return runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--role=${role}`, `--file=${file}`], connection, database);
}

/** Restores a `-Fc` dump into an empty database; objects end up owned by the instance's role. */
export function restoreDatabase(connection: AdminConnection, database: string, role: string, file: string): Promise<void> {
  return runPgTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--role=${role}`, `--dbname=${database}`, file],
    connection,
    database,
  );
}
