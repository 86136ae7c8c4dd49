import { spawn } from 'node:child_process';
import { fchmodSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@saas/stack';

/**
 * The dev stack's Caddy (the edge): started with nothing but its admin address; the instance
 * subgraph's edge module programs every route through the admin API. Its data (the local
 * CA, certificates) lives in .run/caddy, so the CA a developer trusted survives restarts.
 */
const RUN_DIR = path.join(REPO_ROOT, '.run');
export const CADDY_DIR = path.join(RUN_DIR, 'caddy');
const PID_FILE = path.join(RUN_DIR, 'pids', 'caddy.pid');
export const CADDY_LOG = path.join(RUN_DIR, 'logs', 'caddy.log');
export const CADDY_ACCESS_LOG = path.join(RUN_DIR, 'logs', 'edge-access.log');
export const CADDY_ROOT_CA = path.join(CADDY_DIR, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');

export interface DevEdge {
  adminUrl: string;
  httpPort: number;
  httpsPort: number;
}

export function devEdge(): DevEdge {
  return {
    adminUrl: process.env.EDGE_ADMIN_URL ?? 'http://127.0.0.1:2019',
    httpPort: Number(process.env.EDGE_HTTP_PORT ?? 80),
    httpsPort: Number(process.env.EDGE_HTTPS_PORT ?? 443),
  };
}

export function runningCaddy(): number | undefined {
  try {
    const pid = Number(readFileSync(PID_FILE, 'utf8').trim());
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('caddy') ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function startCaddy(edge: DevEdge): number {
  mkdirSync(path.join(CADDY_DIR, 'data'), { recursive: true });
  mkdirSync(path.dirname(PID_FILE), { recursive: true });
  mkdirSync(path.dirname(CADDY_LOG), { recursive: true, mode: 0o700 });
  const initial = path.join(CADDY_DIR, 'initial.json');
  writeFileSync(initial, JSON.stringify({ admin: { listen: new URL(edge.adminUrl).host } }));
  const out = openSync(CADDY_LOG, 'a', 0o600);
  fchmodSync(out, 0o600);
  const child = spawn('caddy', ['run', '--config', initial], {
    env: { ...process.env, XDG_DATA_HOME: path.join(CADDY_DIR, 'data'), XDG_CONFIG_HOME: path.join(CADDY_DIR, 'config') },
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  writeFileSync(PID_FILE, `${child.pid}\n`);
  return child.pid!;
}

export function forgetCaddy(): void {
  rmSync(PID_FILE, { force: true });
}
