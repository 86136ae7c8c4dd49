import path from 'node:path';
import { amqpEnv, boolean, httpUrl, list, loadEnvOrExit, optionalUrl, port, z } from '@saas/config';
import { linkSigningKeyEnv, secretsKeyEnv } from '@saas/secrets';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('instance-subgraph', {
  ...subgraphEnv('instance', 4005),
  ...amqpEnv,
  /** Membership checks (libs/authz) on a cache miss. */
  TENANT_URL: httpUrl('http://127.0.0.1:4002/graphql'),
  /** Plan limits, checked synchronously before a create. */
  BILLING_URL: httpUrl('http://127.0.0.1:4004/graphql'),
  /** Which worker snapshots are ours (the worker labels containers with it). */
  SAAS_ENV: z.string().min(1).default('dev'),
  ODOO_VERSIONS: list(['16.0', '17.0', '18.0']),
  BASE_DOMAIN: z.string().min(1).default('odoo.localhost'),
  PUBLIC_URL_SCHEME: z.enum(['http', 'https']).default('https'),
  /** The edge's public ports; `Instance.url` carries the port when it is not 80/443. */
  EDGE_HTTP_PORT: port(80),
  EDGE_HTTPS_PORT: port(443),
  /**
   * Caddy's admin API (loopback): the edge module programs Caddy's routes through it. Unset:
   * no edge (tests without Caddy, or another replica owns it).
   */
  EDGE_ADMIN_URL: optionalUrl(['http']),
  /** Where Caddy's admin API listens, when not the host of EDGE_ADMIN_URL (`:2019` in docker-compose). */
  EDGE_ADMIN_LISTEN: z.string().optional(),
  /** `internal`: Caddy's own CA (development); `acme`: publicly trusted certificates (production). */
  EDGE_TLS: z.enum(['internal', 'acme']).default('internal'),
  EDGE_ACME_EMAIL: z.string().email().optional(),
  /** Where Caddy asks whether to issue a certificate on demand; default this subgraph's /edge/ask. */
  EDGE_ASK_URL: optionalUrl(['http']),
  /** Caddy's access log (JSON lines) the edge reads for idleness (hibernation); unset: none. */
  EDGE_ACCESS_LOG: z.string().optional(),
  EDGE_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).default(5_000),
  /** Largest request body the edge lets through for an instance whose plan set none (created before plans had `uploadMaxMb`). */
  EDGE_MAX_BODY_MB: z.coerce.number().int().min(1).default(1_024),
  /**
   * The waker (edge module): Caddy proxies the requests of hibernated and starting instances
   * to it; it wakes the instance and holds them until it serves. Loopback by default; in
   * docker-compose Caddy reaches it over the network (EDGE_WAKER_DIAL `instance:4090`).
   */
  EDGE_WAKER_PORT: port(4090),
  EDGE_WAKER_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  /** What Caddy dials to reach the waker (`host:port`); default `127.0.0.1:<EDGE_WAKER_PORT>`. */
  EDGE_WAKER_DIAL: z.string().min(1).optional(),
  /** How long a request of a hibernated instance is held for its wake before a 503 with the reason. */
  WAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  /** A browser's page load waits this long, then gets the self-reloading "Starting your Odoo..." page. */
  WAKE_BROWSER_WAIT_MS: z.coerce.number().int().min(0).default(5_000),
  /** Resolvers that verify custom domains (`host` or `host:port`); empty: the system's. */
  DNS_SERVERS: list([]),
  /** Custom domains per instance for each plan code (`default` for the others). */
  CUSTOM_DOMAINS_PER_PLAN: list(['default=5']),
  /**
   * The mail catcher of staging copies (SMTP): where it listens. The containers must reach it
   * (the worker's MAIL_CATCHER_HOST/MAIL_CATCHER_PORT), so not only on loopback by default.
   */
  MAIL_CATCHER_LISTEN_HOST: z.string().min(1).default('0.0.0.0'),
  MAIL_CATCHER_PORT: port(2525),
  /** Encrypts instance secrets at rest; required in production (libs/secrets). */
  ...secretsKeyEnv,
  /**
   * The backup store (a directory), the worker's BACKUP_DIR: downloads stream from it and
   * uploads to import are written to it (NFS or another shared filesystem in production).
   */
  BACKUP_DIR: z.string().min(1).default(path.resolve(__dirname, '../../..', '.run', 'backups')),
  /** The gateway's public address: download and upload links point at it (it forwards `/files/`). */
  PUBLIC_APP_URL: httpUrl('http://localhost:4000'),
  /** Signs download and upload links; required in production (libs/secrets). */
  ...linkSigningKeyEnv,
  /** How long a `Backup.downloadUrl` works. */
  DOWNLOAD_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  /** How long an `ImportUpload.uploadUrl` accepts its PUT. */
  UPLOAD_LINK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
  /** Daily SCHEDULED backups of RUNNING (and changed STOPPED) instances; test stacks turn them off. */
  SCHEDULED_BACKUPS: boolean(true),
  /** The quiet window (UTC) the daily backups are spread over: BACKUP_WINDOW_HOURS hours from BACKUP_WINDOW_START_HOUR. */
  BACKUP_WINDOW_START_HOUR: z.coerce.number().int().min(0).max(23).default(1),
  BACKUP_WINDOW_HOURS: z.coerce.number().int().min(1).max(24).default(4),
  /** How often the scheduler looks for due backups. */
  BACKUP_SCHEDULE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Largest upload when the plan's storage cannot be read (billing down): 10 GiB. */
  IMPORT_DEFAULT_MAX_BYTES: z.coerce.number().int().min(1).default(10 * 1024 ** 3),
});
