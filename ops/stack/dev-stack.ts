import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, SERVICES, type ServiceName, type StackLayout } from '@saas/stack';
import { CADDY_ACCESS_LOG, devEdge } from './caddy';

/** Where the dev stack (`npm run up`) keeps its PIDs and logs. */
export const RUN_DIR = path.join(REPO_ROOT, '.run');
export const pidFile = (service: ServiceName) => path.join(RUN_DIR, 'pids', `${service}.pid`);
export const logFile = (service: ServiceName) => path.join(RUN_DIR, 'logs', `${service}.log`);

/**
 * The dev stack listens on the standard ports and uses the default databases; only what
 * must differ from the services' own defaults is set here.
 */
export function devLayout(): StackLayout {
  const edge = devEdge();
  const ports = Object.fromEntries(SERVICES.map((service) => [service.name, service.defaultPort])) as Record<ServiceName, number>;
  const metricsPorts = Object.fromEntries(SERVICES.map((service) => [service.name, service.defaultMetricsPort])) as Record<ServiceName, number>;
  return {
    host: '127.0.0.1',
    ports,
    metricsPorts,
    shared: { ODOO_IMAGE: odooImage(), BACKUP_DIR: path.join(RUN_DIR, 'backups'), EDGE_HTTP_PORT: String(edge.httpPort), EDGE_HTTPS_PORT: String(edge.httpsPort) },
    // The instance subgraph owns the edge's routes (subgraphs/instance/src/edge).
    perService: { instance: { EDGE_ADMIN_URL: edge.adminUrl, EDGE_ACCESS_LOG: CADDY_ACCESS_LOG } },
  };
}

/**
 * The official `odoo` image is the default; this machine may not be able to pull it, so
 * when ODOO_IMAGE is unset and no `odoo` image is present locally, the stand-in is used.
 */
function odooImage(): string {
  if (process.env.ODOO_IMAGE) return process.env.ODOO_IMAGE;
  const docker = ['/usr/bin/docker', 'docker'].find((candidate) => {
    try {
      execFileSync(candidate, ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  const local = docker ? execFileSync(docker, ['images', '-q', 'odoo'], { encoding: 'utf8' }).trim() : '';
  if (local) return 'odoo';
  console.log('  ODOO_IMAGE is unset and no local "odoo" image: instances use the stand-in saas-odoo-standin');
  console.log('  (set ODOO_IMAGE=odoo where the official image can be pulled)');
  return 'saas-odoo-standin';
}
