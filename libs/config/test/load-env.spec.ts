import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** A real service entry point started with a broken environment: one report, exit status 1. */
describe('loadEnvOrExit at a service start', () => {
  it('lists every bad variable at once on stderr and exits 1 before connecting to anything', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'subgraphs/user/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, PORT: 'abc', DATABASE_URL: 'mysql://saas:hunter2-secret@127.0.0.1/db', REDIS_URL: 'x' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '{}') as { level: string; service: string; problems: string[] };
    expect(report).toMatchObject({ level: 'fatal', service: 'user-subgraph' });
    expect(report.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^PORT: /), expect.stringMatching(/^DATABASE_URL: /), expect.stringMatching(/^REDIS_URL: /)]),
    );
    // The bad URL is shown, without its password.
    expect(report.problems.find((problem) => problem.startsWith('DATABASE_URL'))).toContain('mysql://saas:***@127.0.0.1/db');
    expect(run.stdout + run.stderr).not.toContain('hunter2-secret');
  });
});
