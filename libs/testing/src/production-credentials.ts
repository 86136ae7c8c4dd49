import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import { ODOO_DB_ADMIN_URL } from './odoo-db';
import { roleUrl } from './postgres';

const run = promisify(execFile);

/**
 * Credentials of a process run in production mode here (ops/compose/bundle-check.ts), which
 * refuses the published development passwords (libs/config `credentialUrl`): a login of its
 * own with a random password on the local server, and a `drop` that removes it and what it owns.
 */
export interface ProductionCredentials {
  url: string;
  drop: () => Promise<void>;
}

const randomPassword = () => randomBytes(18).toString('hex');

async function asAdmin(adminUrl: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** A role `role` (CREATEDB) and an empty `database` it owns on the subgraphs' server. */
export async function productionDatabase(role: string, database: string): Promise<ProductionCredentials> {
  const admin = roleUrl('saas_test_admin', 'postgres');
  const password = randomPassword();
  await asAdmin(admin, (client) => client.query(`create role ${escapeIdentifier(role)} login createdb password ${escapeLiteral(password)}`));
  const own = new URL(admin);
  own.username = role;
  own.password = password;
  await asAdmin(own.toString(), (client) => client.query(`create database ${escapeIdentifier(database)}`));
  const ownerUrl = own.toString();
  own.pathname = `/${database}`;
  return {
    url: own.toString(),
    drop: async () => {
      // Only the owner may drop the database; then the admin drops the owner.
      await asAdmin(ownerUrl, (client) => client.query(`drop database if exists ${escapeIdentifier(database)} with (force)`));
      await asAdmin(admin, (client) => client.query(`drop role if exists ${escapeIdentifier(role)}`));
    },
  };
}

/**
 * An admin of the Odoo database server like `odoo_admin` (CREATEDB CREATEROLE, and a member of
 * it: the job ledger's table is odoo_admin's), with a password of its own.
 */
export async function productionOdooAdmin(role: string): Promise<ProductionCredentials> {
  const password = randomPassword();
  const admin = new URL(ODOO_DB_ADMIN_URL);
  const adminRole = decodeURIComponent(admin.username);
  await asAdmin(ODOO_DB_ADMIN_URL, (client) =>
    client.query(`create role ${escapeIdentifier(role)} login createdb createrole password ${escapeLiteral(password)} in role ${escapeIdentifier(adminRole)}`),
  );
  const own = new URL(ODOO_DB_ADMIN_URL);
  own.username = role;
  own.password = password;
  return {
    url: own.toString(),
    drop: () => asAdmin(ODOO_DB_ADMIN_URL, (client) => client.query(`drop role if exists ${escapeIdentifier(role)}`)),
  };
}

/** A RabbitMQ user with every permission on `vhost` only (of createVhost), instead of guest. */
export async function productionBrokerUser(user: string, vhost: string, amqpUrl: string): Promise<ProductionCredentials> {
  const password = randomPassword();
  await run('rabbitmqctl', ['-q', 'add_user', user, password]);
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, user, '.*', '.*', '.*']);
  const own = new URL(amqpUrl);
  own.username = user;
  own.password = password;
  return {
    url: own.toString(),
    drop: async () => {
      await run('rabbitmqctl', ['-q', 'delete_user', user]).catch(() => undefined);
    },
  };
}
