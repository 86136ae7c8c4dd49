import { devOdooDbAdminUrl } from '@saas/config';
import { Client, escapeIdentifier } from 'pg';

/** The Odoo database server's admin (ops/services/ensure-services.sh creates it, with a random password). */
export const ODOO_DB_ADMIN_URL = process.env.TEST_ODOO_DB_ADMIN_URL ?? devOdooDbAdminUrl();

async function asOdooAdmin<T>(work: (client: Client) => Promise<T>, database?: string): Promise<T> {
  const url = new URL(ODOO_DB_ADMIN_URL);
  if (database) url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one query as the admin, on the server's default database or on `database`. */
export async function queryOdooDb<T extends Record<string, unknown>>(sql: string, params: unknown[] = [], database?: string): Promise<T[]> {
  return asOdooAdmin(async (client) => (await client.query<T>(sql, params)).rows, database);
}

export async function odooDatabaseExists(name: string): Promise<boolean> {
  return (await queryOdooDb('select 1 from pg_database where datname = $1', [name])).length > 0;
}

export async function odooRoleExists(name: string): Promise<boolean> {
  return (await queryOdooDb('select 1 from pg_roles where rolname = $1', [name])).length > 0;
}

/** Tries to log in to the Odoo database server; resolves with the server's refusal, or null. */
export async function odooDbLoginError(user: string, password: string, database: string): Promise<string | null> {
  const url = new URL(ODOO_DB_ADMIN_URL);
  const client = new Client({ host: url.hostname, port: Number(url.port || 5432), user, password, database, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Drops the databases and roles a run created: the worker comments both with
 * `saas.env=<env> ...`.
 */
export async function dropOdooEnvDatabases(env: string): Promise<void> {
  const pattern = `saas.env=${env} %`;
  await asOdooAdmin(async (client) => {
    const databases = await client.query<{ datname: string }>(
      "select datname from pg_database where shobj_description(oid, 'pg_database') like $1",
      [pattern],
    );
    for (const { datname } of databases.rows) await client.query(`drop database if exists ${escapeIdentifier(datname)} with (force)`);
    const roles = await client.query<{ rolname: string }>(
      "select rolname from pg_roles where shobj_description(oid, 'pg_authid') like $1",
      [pattern],
    );
    for (const { rolname } of roles.rows) await client.query(`drop role if exists ${escapeIdentifier(rolname)}`);
  });
  // The worker's job ledger keeps one row per instance it ran a job for.
  await queryOdooDb('delete from job_ledger where environment = $1', [env], 'saas_worker').catch(() => undefined);
}
