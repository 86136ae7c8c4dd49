import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEV_GATEWAY_SECRET } from '@saas/subgraph/gateway-access';
import { DEV_LINK_SIGNING_KEY, DEV_SECRETS_KEY } from '../src';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const REAL_KEY = Buffer.from('a-real-key-of-thirty-two-bytes!!').toString('base64');
/** Credentials that are not the published development ones (nothing listens there: the refusal comes first). */
const REAL_URLS = {
  DATABASE_URL: 'postgres://saas:7d0c2f9a1b@127.0.0.1:1/saas',
  AMQP_URL: 'amqp://saas:3e8b1a6c0d@127.0.0.1:1',
  ODOO_DB_ADMIN_URL: 'postgres://odoo_admin:5a9f0e2c7b@127.0.0.1:1/postgres',
};

interface Exit {
  status: number | null;
  problems: string[];
  output: string;
}

/** Starts a real service entry point in production mode; it must refuse before connecting to anything. */
function start(entry: string, env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', (status) => {
      clearTimeout(timer);
      const last = output.trim().split('\n').at(-1) ?? '{}';
      let problems: string[] = [];
      try {
        problems = (JSON.parse(last) as { problems?: string[] }).problems ?? [];
      } catch {
        problems = [];
      }
      resolve({ status, problems, output });
    });
  });
}

const names = (problems: readonly string[]) => problems.map((problem) => problem.split(':')[0]);

describe('every service holding a secret refuses the development keys and passwords in production', () => {
  it.each([
    ['auth', 'subgraphs/auth/src/main.ts', { SECRETS_KEY: DEV_SECRETS_KEY, GATEWAY_SECRET: DEV_GATEWAY_SECRET }, ['GATEWAY_SECRET', 'SECRETS_KEY']],
    ['instance', 'subgraphs/instance/src/main.ts', { SECRETS_KEY: DEV_SECRETS_KEY, LINK_SIGNING_KEY: DEV_LINK_SIGNING_KEY, GATEWAY_SECRET: REAL_KEY }, ['SECRETS_KEY', 'LINK_SIGNING_KEY']],
    ['instance (one real key)', 'subgraphs/instance/src/main.ts', { SECRETS_KEY: REAL_KEY, LINK_SIGNING_KEY: DEV_LINK_SIGNING_KEY, GATEWAY_SECRET: REAL_KEY }, ['LINK_SIGNING_KEY']],
    ['tenant', 'subgraphs/tenant/src/main.ts', { GATEWAY_SECRET: DEV_GATEWAY_SECRET }, ['GATEWAY_SECRET']],
    ['gateway', 'gateway/src/main.ts', { GATEWAY_SECRET: DEV_GATEWAY_SECRET }, ['GATEWAY_SECRET']],
    ['worker', 'provisioning-worker/src/main.ts', { SECRETS_KEY: DEV_SECRETS_KEY }, ['SECRETS_KEY']],
  ])('%s: exits 1 naming each development key, never printing it', async (_name, entry, env, refused) => {
    const exit = await start(entry, { ...REAL_URLS, ...env });
    expect(exit.status).toBe(1);
    expect(names(exit.problems)).toEqual(refused);
    expect(exit.problems.every((problem) => problem.includes('development default'))).toBe(true);
    expect(exit.output).not.toContain(DEV_SECRETS_KEY);
    expect(exit.output).not.toContain(DEV_LINK_SIGNING_KEY);
    expect(exit.output).not.toContain(DEV_GATEWAY_SECRET);
  });

  it.each([
    ['auth', 'subgraphs/auth/src/main.ts', { DATABASE_URL: 'postgres://saas_auth:saas_auth_dev@postgres:5432/saas_auth' }, ['DATABASE_URL']],
    ['tenant', 'subgraphs/tenant/src/main.ts', { DATABASE_URL: 'postgres://saas_tenant:saas_tenant_dev@db/saas_tenant', AMQP_URL: 'amqp://guest:guest@rabbitmq:5672' }, ['DATABASE_URL', 'AMQP_URL']],
    ['user', 'subgraphs/user/src/main.ts', { DATABASE_URL: 'postgres://saas_user:saas_user_dev@127.0.0.1:5432/saas_user' }, ['DATABASE_URL']],
    ['billing', 'subgraphs/billing/src/main.ts', { AMQP_URL: 'amqp://guest:guest@rabbitmq:5672' }, ['AMQP_URL']],
    ['instance', 'subgraphs/instance/src/main.ts', { DATABASE_URL: 'postgres://saas_instance:saas_instance_dev@postgres/saas_instance' }, ['DATABASE_URL']],
    ['worker', 'provisioning-worker/src/main.ts', { ODOO_DB_ADMIN_URL: 'postgres://odoo_admin:odoo_admin_dev@odoo-db:5432/postgres', AMQP_URL: 'amqp://guest:guest@rabbitmq:5672' }, ['AMQP_URL', 'ODOO_DB_ADMIN_URL']],
  ])('%s: exits 1 naming each URL with a development password, never printing it', async (_name, entry, env, refused) => {
    const keys = { SECRETS_KEY: REAL_KEY, LINK_SIGNING_KEY: REAL_KEY, GATEWAY_SECRET: REAL_KEY };
    const exit = await start(entry, { ...keys, ...REAL_URLS, ...env });
    expect(exit.status).toBe(1);
    expect(names(exit.problems).sort()).toEqual([...refused].sort());
    expect(exit.problems.every((problem) => problem.includes('has the development password, which production refuses'))).toBe(true);
    expect(exit.output).not.toMatch(/_dev@|guest@/);
  });

  it('a missing secret is named too, with every other bad variable, all at once', async () => {
    const exit = await start('subgraphs/instance/src/main.ts', { PORT: 'abc' });
    expect(exit.status).toBe(1);
    expect(names(exit.problems).sort()).toEqual(['AMQP_URL', 'DATABASE_URL', 'GATEWAY_SECRET', 'LINK_SIGNING_KEY', 'PORT', 'SECRETS_KEY']);
    expect(exit.problems).toEqual(expect.arrayContaining(['SECRETS_KEY: required in production (unset)']));
  });
});
