import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import type { InstanceCommands } from '../services/instance-commands.service';
import { AccessLogActivity } from './access-log';
import { CaddyAdminClient } from './caddy-admin.client';
import type { EdgeSettings } from './caddy-config';
import { EdgeReconciler } from './edge-reconciler';
import { ASK_PATH } from './edge-routes';
import { InstanceWakes } from './instance-wakes';
import { DatabaseWakeBackend } from './wake-backend';
import { EdgeWaker } from './waker';

export interface EdgeEnvironment {
  EDGE_ADMIN_URL?: string | undefined;
  EDGE_ADMIN_LISTEN?: string | undefined;
  EDGE_TLS: 'internal' | 'acme';
  EDGE_ACME_EMAIL?: string | undefined;
  EDGE_ASK_URL?: string | undefined;
  EDGE_ACCESS_LOG?: string | undefined;
  EDGE_RECONCILE_INTERVAL_MS: number;
  EDGE_MAX_BODY_MB: number;
  EDGE_WAKER_PORT: number;
  EDGE_WAKER_LISTEN_HOST: string;
  EDGE_WAKER_DIAL?: string | undefined;
  WAKE_TIMEOUT_MS: number;
  WAKE_BROWSER_WAIT_MS: number;
  EDGE_HTTP_PORT: number;
  EDGE_HTTPS_PORT: number;
  BASE_DOMAIN: string;
  PUBLIC_URL_SCHEME: 'http' | 'https';
  PORT: number;
}

/** The edge of this environment, or undefined when no Caddy admin URL is configured. */
export function createEdge(environment: EdgeEnvironment, em: EntityManager, logger: Logger): EdgeReconciler | undefined {
  if (!environment.EDGE_ADMIN_URL) return undefined;
  const admin = new URL(environment.EDGE_ADMIN_URL);
  const settings: EdgeSettings = {
    adminListen: environment.EDGE_ADMIN_LISTEN ?? admin.host,
    adminOrigin: admin.host,
    baseDomain: environment.BASE_DOMAIN,
    scheme: environment.PUBLIC_URL_SCHEME,
    httpPort: environment.EDGE_HTTP_PORT,
    httpsPort: environment.EDGE_HTTPS_PORT,
    tls: environment.EDGE_TLS,
    acmeEmail: environment.EDGE_ACME_EMAIL,
    askUrl: environment.EDGE_ASK_URL ?? `http://127.0.0.1:${environment.PORT}${ASK_PATH}`,
    accessLog: environment.EDGE_ACCESS_LOG ?? '',
    maxBodyBytes: environment.EDGE_MAX_BODY_MB * 1024 * 1024,
    wakerDial: environment.EDGE_WAKER_DIAL ?? `127.0.0.1:${environment.EDGE_WAKER_PORT}`,
  };
  const log = settings.accessLog ? new AccessLogActivity(settings.accessLog) : undefined;
  return new EdgeReconciler(em, new CaddyAdminClient(environment.EDGE_ADMIN_URL.replace(/\/$/, '')), settings, environment.EDGE_RECONCILE_INTERVAL_MS, log, logger.child({ component: 'edge' }));
}

/** How often a wake reads the instance's state while it starts. */
const WAKE_POLL_MS = 250;
/** The starting page's reload, and the Retry-After of the waker's 503s. */
const WAKE_RETRY_AFTER_SECONDS = 3;

/** The waker of this environment (see EdgeWaker), its STARTs queued through the lifecycle commands as the platform. */
export function createWaker(environment: EdgeEnvironment, em: EntityManager, commands: () => InstanceCommands, logger: Logger): EdgeWaker {
  const log = logger.child({ component: 'waker' });
  const wakes = new InstanceWakes(new DatabaseWakeBackend(em, commands), { timeoutMs: environment.WAKE_TIMEOUT_MS, pollMs: WAKE_POLL_MS }, (instanceId, outcome) => {
    if (outcome.error) log.warn({ instanceId, ms: outcome.ms, queuedStart: outcome.queued, reason: outcome.error }, 'wake failed');
    else log.info({ instanceId, ms: outcome.ms, queuedStart: outcome.queued }, 'instance woken by a request at the edge');
  });
  return new EdgeWaker(wakes, { browserWaitMs: environment.WAKE_BROWSER_WAIT_MS, retryAfterSeconds: WAKE_RETRY_AFTER_SECONDS }, log);
}
