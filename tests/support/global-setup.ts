import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Before any test: the backing services are up (started if needed) and the Odoo stand-in
 * image exists. Both steps are idempotent and take well under a second when nothing is
 * missing. Skipped when only unit tests run.
 */
export default function globalSetup(config: { selectedProjects?: string[] }): void {
  const projects = config.selectedProjects ?? [];
  if (projects.length > 0 && projects.every((project) => project === 'unit')) return;
  execFileSync('bash', [path.join(ROOT, 'ops/services/ensure-services.sh')], { stdio: 'inherit' });
  execFileSync('bash', [path.join(ROOT, 'ops/odoo-standin/build.sh')], { stdio: 'inherit' });
}
