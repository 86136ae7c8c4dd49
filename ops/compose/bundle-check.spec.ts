import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@saas/stack';
import { checkProductionDependencies } from './bundle-check';

describe('a production bundle requires only production dependencies', () => {
  const dir = path.join('.run', `bundle-check-spec-${process.pid}`);
  const bundle = path.join(dir, 'main.js');
  beforeAll(() => mkdirSync(path.join(REPO_ROOT, dir), { recursive: true }));
  afterAll(() => rmSync(path.join(REPO_ROOT, dir), { recursive: true, force: true }));

  it('accepts builtins, workspace packages and their dependencies', () => {
    writeFileSync(path.join(REPO_ROOT, bundle), 'require("node:fs"); require("path"); require("@apollo/server/errors"); require("pino"); require("@saas/config");');
    expect(() => checkProductionDependencies([bundle])).not.toThrow();
  });

  it('names a package only devDependencies provide (left out by npm ci --omit=dev)', () => {
    writeFileSync(path.join(REPO_ROOT, bundle), 'require("pino"); require("jest"); import("@swc/jest/x");');
    expect(() => checkProductionDependencies([bundle])).toThrow(/requires jest\n.*requires @swc\/jest/);
  });
});
