import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@saas/stack';
import { runBundleCheck } from '../../ops/compose/bundle-check';

// What `docker compose up` runs, checked here without images (ops/compose/bundle-check.ts): the
// production bundles with docker-compose.yml's environment. Pulling images is what CI cannot do.
describe('the compose environment runs the production bundles', () => {
  const brokenFile = path.join(REPO_ROOT, '.run', `docker-compose.broken-${process.pid}.yml`);
  afterAll(() => rmSync(brokenFile, { force: true }));

  it('every service is ready, and signUp -> createTenant goes through the production gateway', async () => {
    const lines: string[] = [];
    await runBundleCheck({ log: (line) => lines.push(line) });
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^✓ dev-secrets ran/),
        ...['auth', 'tenant', 'user', 'billing', 'instance', 'worker', 'gateway'].map((name) => expect.stringMatching(new RegExp(`^✓ ${name} ready`))),
        expect.stringMatching(/^✓ createTenant through the gateway/),
        expect.stringMatching(/^✓ production gateway: introspection refused/),
      ]),
    );
  });

  it.each([
    ['the instance subgraph no longer gets its keys', /(\n  instance:\n(?:    .*\n)*?)    entrypoint: \*with-dev-secrets\n/, '$1', /instance exited \(1\) before it was ready[\s\S]*SECRETS_KEY: required in production/],
    ['a variable is missing: the user subgraph has no DATABASE_URL', /, DATABASE_URL: postgres:\/\/saas_user@postgres:5432\/saas_user/, '', /user exited \(1\) before it was ready[\s\S]*DATABASE_URL: required in production \(unset\)/],
  ])('fails when the compose environment drifts: %s', async (_drift, pattern, replacement, failure) => {
    const compose = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    const broken = compose.replace(pattern, replacement);
    expect(broken).not.toBe(compose);
    writeFileSync(brokenFile, broken);
    await expect(runBundleCheck({ composeFile: brokenFile, build: false, log: () => undefined })).rejects.toThrow(failure);
  });
});
