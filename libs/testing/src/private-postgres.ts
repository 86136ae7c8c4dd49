import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

const run = promisify(execFile);
const BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'].find((dir) => existsSync(path.join(dir, 'initdb')));

/** The roles a stack's subgraphs connect as (dev-default passwords `<role>_dev`, as ops/services creates them). */
export const PLATFORM_ROLES = ['saas_auth', 'saas_tenant', 'saas_user', 'saas_billing', 'saas_instance', 'saas_test_admin'] as const;

/**
 * A PostgreSQL cluster of its own (initdb into a temporary directory, run as the postgres OS
 * user on a free port) with the platform's roles: fault tests stop and restart it without
 * touching the shared server everyone else uses. Point a stack at it with TEST_PG_PORT.
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** A cluster another process created (its `dir` and `port`), to stop or start it. */
  static attach(dir: string, port: number): PrivatePostgres {
    return new PrivatePostgres(dir, port);
  }

  static async create(): Promise<PrivatePostgres> {
    if (!BIN) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
    const dir = mkdtempSync(path.join(tmpdir(), 'saas-chaos-pg-'));
    chownSync(dir, ...postgresIds());
    const cluster = new PrivatePostgres(dir, await freePort());
    await cluster.asPostgres(path.join(BIN, 'initdb'), ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await cluster.start();
    const roles = PLATFORM_ROLES.map(
      (role) => `CREATE ROLE ${role} LOGIN CREATEDB${role === 'saas_test_admin' ? ' CREATEROLE' : ''} PASSWORD '${role}_dev';`,
    ).join('\n');
    const databases = PLATFORM_ROLES.filter((role) => role !== 'saas_test_admin').map((role) => `CREATE DATABASE ${role} OWNER ${role};`);
    await cluster.psql([roles, ...databases]);
    return cluster;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  async start(): Promise<void> {
    await this.pgCtl([
      'start',
      '-w',
      '-l',
      path.join(this.dir, 'postgres.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
    ]);
  }

  /** `fast`: sessions are terminated, as a restart by an operator or an orchestrator does. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pgCtl(['stop', '-w', '-m', mode]);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops it and deletes its files. */
  async remove(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(args: string[]): Promise<unknown> {
    return this.asPostgres(path.join(BIN ?? '', 'pg_ctl'), ['-D', this.dataDir, ...args]);
  }

  private async psql(statements: string[]): Promise<void> {
    for (const sql of statements) {
      await this.asPostgres('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', 'postgres', '-c', sql]);
    }
  }

  private asPostgres(file: string, args: string[]): Promise<unknown> {
    return run('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: this.dir, timeout: 60_000 });
  }
}

/** uid and gid of the postgres OS user, who must own a cluster's files. */
function postgresIds(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('no postgres OS user');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}
