import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The stand-in image of this checkout under a name of the suite's own (`ODOO_IMAGE` of its
 * stack): suites whose assertions depend on the stand-in's failure switches and log lines
 * keep the image they started with even when `saas-odoo-standin` is rebuilt meanwhile
 * (another checkout running its tests on the same engine). Skipped when up to date.
 */
export function buildOwnStandinImage(name: string, versions: readonly string[]): string {
  execFileSync('bash', [path.join(ROOT, 'ops/odoo-standin/build.sh'), name, ...versions], { stdio: 'inherit' });
  return name;
}

/** The name suites share for their own build of this checkout's stand-in. */
export const OWN_STANDIN_IMAGE = 'saas-odoo-standin-own';
