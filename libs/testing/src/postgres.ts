import { Client } from 'pg';

// Read per call: a fault test points its stack at a PostgreSQL of its own (PrivatePostgres).
const pgHost = () => process.env.TEST_PG_HOST ?? '127.0.0.1';
const pgPort = () => Number(process.env.TEST_PG_PORT ?? 5432);

/** Connection URL of a subgraph role (dev-default password, see ops/services). */
export function roleUrl(role: string, database: string): string {
  return `postgres://${role}:${role}_dev@${pgHost()}:${pgPort()}/${database}`;
}

async function asRole<T>(role: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: roleUrl(role, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database owned by `role` (each subgraph role has CREATEDB). */
export async function createDatabase(role: string, database: string): Promise<string> {
  await asRole(role, (client) => client.query(`create database "${database}"`));
  return roleUrl(role, database);
}

/** Drops a database, disconnecting whoever is still on it. */
export async function dropDatabase(role: string, database: string): Promise<void> {
  await asRole(role, (client) => client.query(`drop database if exists "${database}" with (force)`));
}

/** Runs one query on a database as its owner (assertions in tests). */
export async function queryDatabase<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
