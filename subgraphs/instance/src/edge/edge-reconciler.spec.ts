import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger } from '@saas/logger';
import { Instance } from '../entities/instance.entity';
import type { CaddyAdminClient } from './caddy-admin.client';
import { type CaddyRoute, type EdgeSettings, fullConfig } from './caddy-config';
import { EdgeReconciler } from './edge-reconciler';

const settings: EdgeSettings = {
  adminListen: '127.0.0.1:2019',
  adminOrigin: '127.0.0.1:2019',
  baseDomain: 'odoo.localhost',
  scheme: 'https',
  httpPort: 80,
  httpsPort: 443,
  tls: 'internal',
  acmeEmail: undefined,
  askUrl: 'http://127.0.0.1:4005/edge/ask',
  accessLog: '',
  maxBodyBytes: 1024,
  wakerDial: '127.0.0.1:4090',
};

type Row = { id: string; status: string; subdomain: string; directUrl: string | null; uploadMaxMb: number | null };

/** Caddy's admin API in memory: what was called, and the config it holds. */
class FakeCaddy {
  calls: string[] = [];
  current: Record<string, unknown> | null = null;
  async config() {
    return this.current ? (JSON.parse(JSON.stringify(this.current)) as Record<string, unknown>) : null;
  }
  async load(config: Record<string, unknown>) {
    this.calls.push('load');
    this.current = config;
  }
  async set(path: string, value: unknown) {
    this.calls.push(`set ${path}`);
    (this.current as { apps: { http: { servers: { edge: { routes: unknown } } } } }).apps.http.servers.edge.routes = value;
  }
  routes(): CaddyRoute[] {
    return (this.current as { apps: { http: { servers: { edge: { routes: CaddyRoute[] } } } } }).apps.http.servers.edge.routes;
  }
}

describe('EdgeReconciler', () => {
  let rows: Row[];
  const em = { fork: () => ({ find: async (entity: unknown) => (entity === Instance ? rows : []) }) } as unknown as EntityManager;
  const caddy = new FakeCaddy();
  const reconciler = new EdgeReconciler(em, caddy as unknown as CaddyAdminClient, settings, 60_000, undefined, createLogger({ service: 'spec', level: 'silent' }));
  const running = (i: number): Row => ({ id: `i${i}`, status: 'RUNNING', subdomain: `s${i}`, directUrl: `http://127.0.0.1:${30000 + i}`, uploadMaxMb: null });

  it('loads the whole config into an empty Caddy, then sets every changed route in one admin call', async () => {
    rows = Array.from({ length: 50 }, (_, i) => running(i));
    expect(await reconciler.reconcileOnce()).toMatchObject({ loaded: true });
    expect(caddy.calls).toEqual(['load']);

    rows = rows.map((row) => ({ ...row, status: 'HIBERNATED' }));
    expect(await reconciler.reconcileOnce()).toEqual({ loaded: false, added: 0, replaced: 50, removed: 0 });
    expect(caddy.calls).toEqual(['load', 'set apps/http/servers/edge/routes']);
    expect(JSON.stringify(caddy.routes()[7])).toContain('127.0.0.1:4090');
    expect(caddy.routes().at(-1)!['@id']).toBe('edge-fallback');

    // Nothing differs: no call.
    expect(await reconciler.reconcileOnce()).toEqual({ loaded: false, added: 0, replaced: 0, removed: 0 });
    expect(caddy.calls).toHaveLength(2);
  });

  it('removes routes of instances gone and adds new ones in the same call; routes not its own stay, the fallback last', async () => {
    const foreign = { '@id': 'someone-else', match: [{ host: ['other.example'] }], handle: [], terminal: true };
    caddy.routes().unshift(foreign);
    rows = [running(0), running(99)];
    expect(await reconciler.reconcileOnce()).toEqual({ loaded: false, added: 1, replaced: 1, removed: 49 });
    expect(caddy.routes().map((route) => route['@id'])).toEqual(['edge-instance-i0', 'edge-instance-i99', 'someone-else', 'edge-fallback']);
    expect(caddy.routes()).toEqual((fullConfig(rows.map((row) => ({ id: row.id, status: 'RUNNING', host: `${row.subdomain}.odoo.localhost`, directUrl: row.directUrl, domains: [], maxBodyBytes: null })), settings) as { apps: { http: { servers: { edge: { routes: CaddyRoute[] } } } } }).apps.http.servers.edge.routes.toSpliced(2, 0, foreign));
  });
});
