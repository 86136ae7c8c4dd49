import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildConsole } from '../../ops/console/build';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Before integration and end-to-end tests: the backing services are up (started if
 * needed), the Odoo stand-in image exists and the console is built (the gateway serves
 * it). Each step is idempotent and takes well under a second when nothing is missing.
 */
export default function globalSetup(): void {
  execFileSync('bash', [path.join(ROOT, 'ops/services/ensure-services.sh')], { stdio: 'inherit' });
  execFileSync('bash', [path.join(ROOT, 'ops/odoo-standin/build.sh')], { stdio: 'inherit' });
  buildConsole();
}
