import type { EntityManager } from '@mikro-orm/postgresql';
import type { EdgeActivity } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { Instance } from '../entities/instance.entity';
import { InstanceDomain } from '../entities/instance-domain.entity';
import type { AccessLogActivity } from './access-log';
import type { CaddyAdminClient } from './caddy-admin.client';
import { baseConfig, type CaddyRoute, canonical, desiredRoutes, type EdgeInstance, type EdgeSettings, fallbackRoute, fullConfig, SERVER } from './caddy-config';

const ROUTES_PATH = `apps/http/servers/${SERVER}/routes`;
const OWNED = /^edge-(instance|domain)-/;

export interface EdgeRoundResult {
  loaded: boolean;
  added: number;
  replaced: number;
  removed: number;
}

/**
 * Owns Caddy's config: derives the routes from instance state (status, subdomain, ACTIVE
 * custom domains) and makes Caddy's match, at start, every interval and right after a change
 * is committed. A Caddy that restarted empty, or whose base differs, gets the whole config
 * (`/load`); otherwise, when any route differs, the routes are set in one admin call (each
 * call is a reload of Caddy's whole config).
 */
export class EdgeReconciler {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private again = false;
  private failing = false;
  private hosts = new Map<string, string>();

  constructor(
    private readonly em: EntityManager,
    private readonly caddy: CaddyAdminClient,
    private readonly settings: EdgeSettings,
    private readonly intervalMs: number,
    private readonly log: AccessLogActivity | undefined,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.poke();
    this.timer = setInterval(() => this.poke(), this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.again = false;
    await this.round;
  }

  /** A round now (or right after the one running): called after every committed change. */
  poke(): void {
    if (this.round) {
      this.again = true;
      return;
    }
    this.round = this.safeRound().finally(() => {
      this.round = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** Requests the edge saw per instance; undefined when Caddy writes no access log. */
  activity(): EdgeActivity | undefined {
    return this.log?.activity();
  }

  /** Whether `host` is an ACTIVE custom domain of an instance that is not deleted (the `ask` answer). */
  async isActiveDomain(host: string): Promise<boolean> {
    const em = this.em.fork();
    const domain = await em.findOne(InstanceDomain, { domain: host.toLowerCase(), status: 'ACTIVE' });
    if (!domain) return false;
    return (await em.count(Instance, { id: domain.instanceId, deletedAt: null, status: { $ne: 'DELETED' } })) > 0;
  }

  private async safeRound(): Promise<void> {
    try {
      const result = await this.reconcileOnce();
      if (this.failing) this.logger.info('edge reconciler recovered');
      this.failing = false;
      if (result.loaded || result.added || result.replaced || result.removed) this.logger.info({ ...result }, 'edge routes reconciled');
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'edge reconcile round failed');
      this.failing = true;
    }
  }

  async reconcileOnce(): Promise<EdgeRoundResult> {
    const instances = await this.instances();
    this.hosts = new Map(instances.flatMap((i) => [[i.host, i.id] as const, ...i.domains.map((d) => [d.domain, i.id] as const)]));
    if (this.log) await this.log.read((host) => this.hosts.get(host)).catch((error: unknown) => this.logger.warn({ err: error }, 'edge access log not read'));
    const result: EdgeRoundResult = { loaded: false, added: 0, replaced: 0, removed: 0 };
    const current = await this.caddy.config();
    const currentRoutes = routesOf(current);
    if (!current || !currentRoutes || !sameBase(current, this.settings) || !endsWithFallback(currentRoutes)) {
      await this.caddy.load(fullConfig(instances, this.settings));
      return { ...result, loaded: true };
    }
    const desired = desiredRoutes(instances, this.settings);
    const byId = new Map(currentRoutes.filter((route) => typeof route['@id'] === 'string').map((route) => [route['@id'] as string, route]));
    const wanted = new Set(desired.map((route) => route['@id']));
    for (const route of desired) {
      const existing = byId.get(route['@id']);
      if (!existing) result.added += 1;
      else if (canonical(existing) !== canonical(route)) result.replaced += 1;
    }
    for (const id of byId.keys()) if (OWNED.test(id) && !wanted.has(id)) result.removed += 1;
    if (result.added || result.replaced || result.removed) {
      // One call, one reload: Caddy reloads its whole config at every admin change (a second
      // or more with many routes), so a call per route made a mass hibernation take minutes.
      // Host routes do not overlap: their order does not matter; routes not ours stay, the fallback last.
      await this.caddy.set(ROUTES_PATH, [...desired, ...currentRoutes.filter((route) => !OWNED.test(String(route['@id'] ?? '')))]);
    }
    return result;
  }

  private async instances(): Promise<EdgeInstance[]> {
    const em = this.em.fork();
    const instances = await em.find(Instance, { deletedAt: null, status: { $ne: 'DELETED' } }, { fields: ['id', 'status', 'subdomain', 'directUrl', 'uploadMaxMb'], orderBy: { id: 'asc' } });
    const domains = await em.find(InstanceDomain, { status: 'ACTIVE', instanceId: { $in: instances.map((i) => i.id) } }, { orderBy: { domain: 'asc' } });
    return instances.map((instance) => ({
      id: instance.id,
      status: instance.status,
      host: `${instance.subdomain}.${this.settings.baseDomain}`,
      directUrl: instance.directUrl,
      domains: domains.filter((d) => d.instanceId === instance.id).map((d) => ({ id: d.id, domain: d.domain })),
      maxBodyBytes: instance.uploadMaxMb === null ? null : instance.uploadMaxMb * 1024 * 1024,
    }));
  }
}

function routesOf(config: Record<string, unknown> | null): CaddyRoute[] | undefined {
  const routes = (config?.apps as { http?: { servers?: Record<string, { routes?: unknown }> } } | undefined)?.http?.servers?.[SERVER]?.routes;
  return Array.isArray(routes) ? (routes as CaddyRoute[]) : undefined;
}

/** The running config without its routes is the base this edge would load. */
function sameBase(current: Record<string, unknown>, settings: EdgeSettings): boolean {
  const copy = JSON.parse(JSON.stringify(current)) as Record<string, unknown>;
  routesOf(copy)!.splice(0);
  const base = baseConfig(settings);
  routesOf(base)!.splice(0);
  return canonical(copy) === canonical(base);
}

function endsWithFallback(routes: CaddyRoute[]): boolean {
  const last = routes[routes.length - 1];
  return !!last && canonical(last) === canonical(fallbackRoute());
}
