import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEV_GATEWAY_SECRET } from '@saas/subgraph/gateway-access';
import { DEV_LINK_SIGNING_KEY, DEV_SECRETS_KEY } from '../src';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const REAL_KEY = Buffer.from('a-real-key-of-thirty-two-bytes!!').toString('base64');

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

describe('every service holding a secret refuses the development keys in production', () => {
  it.each([
    ['auth', 'subgraphs/auth/src/main.ts', { SECRETS_KEY: DEV_SECRETS_KEY, GATEWAY_SECRET: DEV_GATEWAY_SECRET }, ['GATEWAY_SECRET', 'SECRETS_KEY']],
    ['instance', 'subgraphs/instance/src/main.ts', { SECRETS_KEY: DEV_SECRETS_KEY, LINK_SIGNING_KEY: DEV_LINK_SIGNING_KEY, GATEWAY_SECRET: REAL_KEY }, ['SECRETS_KEY', 'LINK_SIGNING_KEY']],
    ['instance (one real key)', 'subgraphs/instance/src/main.ts', { SECRETS_KEY: REAL_KEY, LINK_SIGNING_KEY: DEV_LINK_SIGNING_KEY, GATEWAY_SECRET: REAL_KEY }, ['LINK_SIGNING_KEY']],
    ['tenant', 'subgraphs/tenant/src/main.ts', { GATEWAY_SECRET: DEV_GATEWAY_SECRET }, ['GATEWAY_SECRET']],
    ['gateway', 'gateway/src/main.ts', { GATEWAY_SECRET: DEV_GATEWAY_SECRET }, ['GATEWAY_SECRET']],
    ['worker', 'provisioning-worker/src/main.ts', { SECRETS_KEY: DEV_SECRETS_KEY }, ['SECRETS_KEY']],
  ])('%s: exits 1 naming each development key, never printing it', async (_name, entry, env, refused) => {
    const exit = await start(entry, env);
    expect(exit.status).toBe(1);
    expect(names(exit.problems)).toEqual(refused);
    expect(exit.problems.every((problem) => problem.includes('development default'))).toBe(true);
    expect(exit.output).not.toContain(DEV_SECRETS_KEY);
    expect(exit.output).not.toContain(DEV_LINK_SIGNING_KEY);
    expect(exit.output).not.toContain(DEV_GATEWAY_SECRET);
  });

  it('a missing secret is named too, with every other bad variable, all at once', async () => {
    const exit = await start('subgraphs/instance/src/main.ts', { PORT: 'abc' });
    expect(exit.status).toBe(1);
    expect(names(exit.problems).sort()).toEqual(['GATEWAY_SECRET', 'LINK_SIGNING_KEY', 'PORT', 'SECRETS_KEY']);
    expect(exit.problems).toEqual(expect.arrayContaining(['SECRETS_KEY: required in production (unset)']));
  });
});
