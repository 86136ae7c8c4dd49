import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import { AccessLogActivity } from './access-log';
import { CaddyAdminClient } from './caddy-admin.client';
import type { EdgeSettings } from './caddy-config';
import { EdgeReconciler } from './edge-reconciler';
import { ASK_PATH } from './edge-routes';

export interface EdgeEnvironment {
  EDGE_ADMIN_URL?: string | undefined;
  EDGE_ADMIN_LISTEN?: string | undefined;
  EDGE_TLS: 'internal' | 'acme';
  EDGE_ACME_EMAIL?: string | undefined;
  EDGE_ASK_URL?: string | undefined;
  EDGE_ACCESS_LOG?: string | undefined;
  EDGE_RECONCILE_INTERVAL_MS: number;
  EDGE_MAX_BODY_MB: number;
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
  };
  const log = settings.accessLog ? new AccessLogActivity(settings.accessLog) : undefined;
  return new EdgeReconciler(em, new CaddyAdminClient(environment.EDGE_ADMIN_URL.replace(/\/$/, '')), settings, environment.EDGE_RECONCILE_INTERVAL_MS, log, logger.child({ component: 'edge' }));
}
