import type { Logger } from '@saas/logger';
import { Client, escapeIdentifier, escapeLiteral, Pool, type PoolClient } from 'pg';
import { scramSha256Verifier } from './scram';

/** How to connect as the admin role (for pg_dump/pg_restore, which take libpq settings). */
export interface AdminConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parseAdminUrl(url: string): AdminConnection {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
  };
}

export interface InstanceDatabase {
  role: string;
  database: string;
  password: string;
  /** Comment on the role and the database, `saas.env=<env> saas.instance=<id> ...`: test teardowns find their own. */
  comment: string;
}

const DUPLICATE_OBJECT = '42710';
const DUPLICATE_DATABASE = '42P04';

/**
 * Per-instance roles and databases on the Odoo database server, as `odoo_admin` (CREATEROLE,
 * CREATEDB, no superuser). Every method is idempotent: what exists is adopted.
 */
export class OdooDbAdmin {
  readonly pool: Pool;
  readonly connection: AdminConnection;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    this.connection = parseAdminUrl(url);
    this.pool = new Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 10_000 });
    this.pool.on('error', (error) => this.logger.warn({ err: error }, 'odoo database server connection error'));
  }

  async ping(): Promise<void> {
    await this.pool.query('select 1');
  }

  /** A connection of its own, outside the pool (session-level advisory locks). */
  async dedicatedClient(): Promise<Client> {
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    client.on('error', (error) => this.logger.warn({ err: error }, 'odoo database server lock connection error'));
    await client.connect();
    return client;
  }

  /**
   * The instance's login role (password from the job, sent as a SCRAM verifier) and its
   * database, owned by it, closed to PUBLIC.
   */
  async ensureInstanceDatabase(spec: InstanceDatabase): Promise<void> {
    await this.withClient(async (client) => {
      const role = escapeIdentifier(spec.role);
      const password = escapeLiteral(scramSha256Verifier(spec.password));
      const exists = await client.query('select 1 from pg_roles where rolname = $1', [spec.role]);
      if (exists.rowCount === 0) {
        await client
          .query(`create role ${role} login nosuperuser nocreatedb nocreaterole noreplication password ${password}`)
          .catch((error: unknown) => {
            if ((error as { code?: string }).code !== DUPLICATE_OBJECT) throw error;
          });
      }
      await client.query(`comment on role ${role} is ${escapeLiteral(spec.comment)}`);
      // Adopting a role: make sure it can log in with the password of this job.
      await client.query(`alter role ${role} with login password ${password}`);
      // PostgreSQL 15: the admin must be a member of a role to create a database it owns;
      // membership also lets the admin connect (CONNECT is revoked from PUBLIC) and dump it.
      await client.query(`grant ${role} to current_user`);
      await this.ensureDatabase(client, spec);
    });
  }

  /** Drops and re-creates the database (restore), keeping the role. */
  async recreateDatabase(spec: InstanceDatabase): Promise<void> {
    await this.withClient(async (client) => {
      await client.query(`drop database if exists ${escapeIdentifier(spec.database)} with (force)`);
      await this.ensureDatabase(client, spec);
    });
  }

  async dropInstanceDatabase(database: string, role: string): Promise<void> {
    await this.withClient(async (client) => {
      // FORCE ends the sessions still on it (a container being removed, a crashed init).
      await client.query(`drop database if exists ${escapeIdentifier(database)} with (force)`);
      await client.query(`drop role if exists ${escapeIdentifier(role)}`);
    });
  }

  async databaseExists(database: string): Promise<boolean> {
    const result = await this.pool.query('select 1 from pg_database where datname = $1', [database]);
    return (result.rowCount ?? 0) > 0;
  }

  /** `odoo -i base` already ran against this database: Odoo's module table has `base` installed. */
  async isInitialised(database: string): Promise<boolean> {
    const client = new Client({ ...this.connection, database, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const table = await client.query<{ present: boolean }>("select to_regclass('public.ir_module_module') is not null as present");
      if (table.rows[0]?.present !== true) return false;
      // An init killed half-way leaves the table with `base` not yet installed: run it again.
      const base = await client.query("select 1 from ir_module_module where name = 'base' and state = 'installed'");
      return (base.rowCount ?? 0) > 0;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** `server_version_num` of the Odoo database server (150020), for the backup manifest. */
  async serverVersionNum(): Promise<number> {
    const result = await this.pool.query<{ version: string }>("select current_setting('server_version_num') as version");
    return Number(result.rows[0]?.version ?? 0);
  }

  /** Runs `work` connected (as the admin) to one database: an instance's, or a scratch one. */
  async inDatabase<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ ...this.connection, database, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Installed modules and their versions, as Odoo's `dump_db_manifest` lists them. */
  async installedModules(database: string): Promise<Record<string, string | null>> {
    return this.inDatabase(database, async (client) => {
      const present = await client.query<{ present: boolean }>("select to_regclass('public.ir_module_module') is not null as present");
      if (present.rows[0]?.present !== true) return {};
      const rows = await client.query<{ name: string; latest_version: string | null }>(
        "select name, latest_version from ir_module_module where state = 'installed' order by name",
      );
      return Object.fromEntries(rows.rows.map((row) => [row.name, row.latest_version]));
    });
  }

  /**
   * A fresh database owned by an instance's role (dropped first if a crashed attempt left
   * it), for verifying a backup; commented like the instance's own, so teardowns find it.
   */
  async createScratchDatabase(spec: InstanceDatabase): Promise<void> {
    await this.withClient(async (client) => {
      await client.query(`drop database if exists ${escapeIdentifier(spec.database)} with (force)`);
      await this.ensureDatabase(client, spec);
    });
  }

  async dropDatabase(database: string): Promise<void> {
    await this.pool.query(`drop database if exists ${escapeIdentifier(database)} with (force)`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async ensureDatabase(client: PoolClient, spec: InstanceDatabase): Promise<void> {
    const database = escapeIdentifier(spec.database);
    const exists = await client.query('select 1 from pg_database where datname = $1', [spec.database]);
    if (exists.rowCount === 0) {
      await client
        .query(`create database ${database} owner ${escapeIdentifier(spec.role)} encoding 'UTF8' template template0`)
        .catch((error: unknown) => {
          if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
        });
    }
    await client.query(`revoke connect, temporary on database ${database} from public`);
    await client.query(`comment on database ${database} is ${escapeLiteral(spec.comment)}`);
  }

  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }
}
