import type { InstanceStatus } from '@saas/contracts';

/** What the edge serves for one instance: its hosts, its state, where its Odoo listens. */
export interface EdgeInstance {
  id: string;
  status: InstanceStatus;
  /** `<subdomain>.<BASE_DOMAIN>`. */
  host: string;
  /** `http://host:port` of its Odoo, as the worker reached it; null before the first start. */
  directUrl: string | null;
  /** Its ACTIVE custom domains. */
  domains: Array<{ id: string; domain: string }>;
  /** Its plan's largest request body in bytes; null: `EdgeSettings.maxBodyBytes`. */
  maxBodyBytes: number | null;
}

export interface EdgeSettings {
  /** Where Caddy's admin API listens (loopback; `:2019` inside a container network). */
  adminListen: string;
  /** The Host this edge sends to the admin API: the only one Caddy accepts. */
  adminOrigin: string;
  baseDomain: string;
  scheme: 'http' | 'https';
  httpPort: number;
  httpsPort: number;
  /** `internal`: Caddy's own CA (development); `acme`: Let's Encrypt (production). */
  tls: 'internal' | 'acme';
  acmeEmail: string | undefined;
  /** The on-demand TLS `ask` URL: yes only for ACTIVE custom domains. */
  askUrl: string;
  /** Caddy writes its access log here (JSON lines); the edge reads it for idleness. Empty: none. */
  accessLog: string;
  /** The body limit of an instance whose plan set none (EDGE_MAX_BODY_MB). */
  maxBodyBytes: number;
  /** Where Caddy reaches the waker (`host:port`): the upstream of hibernated and starting instances. */
  wakerDial: string;
}

export type CaddyRoute = Record<string, unknown> & { '@id': string };

export const SERVER = 'edge';
/** The header that tells the waker which instance a request is for (set by Caddy, never by the client). */
export const WAKE_INSTANCE_HEADER = 'X-Edge-Instance';
export const ACCESS_LOGGER = 'edgeaccess';
const FALLBACK_ID = 'edge-fallback';

/** Odoo reports and imports take minutes: the proxy must not cut them. */
const UPSTREAM_TIMEOUT = '600s';

export const routeId = {
  instance: (instanceId: string) => `edge-instance-${instanceId}`,
  domain: (domainId: string) => `edge-domain-${domainId}`,
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;margin:4em auto;max-width:40em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>\n`;
}

/** `http://127.0.0.1:32768` -> `127.0.0.1:32768`; null when it is no usable upstream. */
export function dialAddress(directUrl: string | null): string | null {
  if (!directUrl) return null;
  try {
    const url = new URL(directUrl);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return null;
  }
}

/**
 * 413 for a request that says (Content-Length) its body is larger than `maxBytes`, before any
 * of it is read: Caddy 2.6's reverse_proxy answers 502, not 413, when `request_body`'s limit is
 * hit while it streams (caddyserver/caddy#5652), which stays the answer to an oversized
 * chunked body.
 */
function refuseLargerBodies(maxBytes: number): Record<string, unknown> {
  const length = '{http.request.header.Content-Length}';
  return {
    handler: 'subroute',
    routes: [
      {
        // The empty check first: int('') is an error, and && short-circuits it.
        match: [{ expression: `${length} != "" && int(${length}) > ${maxBytes}` }],
        handle: [
          {
            handler: 'static_response',
            status_code: 413,
            headers: { 'Content-Type': ['text/html; charset=utf-8'], Connection: ['close'] },
            body: page('Too large', `This Odoo accepts requests up to ${Math.floor(maxBytes / 1024 / 1024) || 1} MiB (its plan's upload size).`),
          },
        ],
      },
    ],
  };
}

/** Statuses whose requests go to the waker: it starts a hibernated instance and holds them until it serves. */
const WAKER_STATUSES = new Set<InstanceStatus>(['HIBERNATED', 'STARTING']);

/** What the waker passes on to Odoo with a held request (as the proxy of a RUNNING instance sets them). */
const FORWARDED_HEADERS = {
  'X-Forwarded-Host': ['{http.request.hostport}'],
  'X-Forwarded-Proto': ['{http.request.scheme}'],
  'X-Forwarded-For': ['{http.request.remote.host}'],
};

/**
 * The handlers of a host: a proxy to Odoo when it runs, to the waker when it sleeps or
 * starts (with the instance in a header the client cannot set), else the platform's 503 page
 * with its state.
 */
function handlersFor(instance: EdgeInstance, settings: EdgeSettings): unknown[] {
  // Per route, from the instance's plan (a larger body gets 413 before Odoo when it runs).
  const maxBodyBytes = instance.maxBodyBytes ?? settings.maxBodyBytes;
  if (WAKER_STATUSES.has(instance.status)) {
    return [
      { handler: 'request_body', max_size: maxBodyBytes },
      {
        handler: 'reverse_proxy',
        upstreams: [{ dial: settings.wakerDial }],
        headers: { request: { set: { ...FORWARDED_HEADERS, [WAKE_INSTANCE_HEADER]: [instance.id] } } },
        // No flush_interval -1 here: Caddy (2.6) cancels such requests at every config change,
        // and held requests live through several (this instance turning RUNNING, others).
        transport: { protocol: 'http', dial_timeout: '10s', response_header_timeout: UPSTREAM_TIMEOUT, read_timeout: UPSTREAM_TIMEOUT, write_timeout: UPSTREAM_TIMEOUT },
      },
    ];
  }
  const dial = instance.status === 'RUNNING' ? dialAddress(instance.directUrl) : null;
  if (!dial) {
    return [
      {
        handler: 'static_response',
        status_code: 503,
        headers: { 'Content-Type': ['text/html; charset=utf-8'], 'Retry-After': ['30'], 'X-Instance-Status': [instance.status] },
        body: page('This Odoo is not available right now', `Its state is ${instance.status}. Try again in a moment.`),
      },
    ];
  }
  return [
    refuseLargerBodies(maxBodyBytes),
    { handler: 'request_body', max_size: maxBodyBytes },
    {
      handler: 'reverse_proxy',
      upstreams: [{ dial }],
      // Odoo's proxy_mode needs X-Forwarded-Host, else it ignores the other two; with the port,
      // so the URLs Odoo builds work on a non-default EDGE_HTTPS_PORT.
      headers: {
        request: {
          set: {
            'X-Forwarded-Host': ['{http.request.hostport}'],
            'X-Forwarded-Proto': ['{http.request.scheme}'],
            'X-Forwarded-For': ['{http.request.remote.host}'],
          },
        },
      },
      // No flush_interval -1: Caddy 2.6 cancels such requests at every config change (any
      // instance's route changing), which would cut uploads and long reports of every instance.
      // Streams still flow: Caddy flushes event streams and bodies of unknown length at once,
      // and a /websocket upgrade is copied both ways unbuffered.
      transport: { protocol: 'http', dial_timeout: '10s', response_header_timeout: UPSTREAM_TIMEOUT, read_timeout: UPSTREAM_TIMEOUT, write_timeout: UPSTREAM_TIMEOUT },
    },
  ];
}

/** One route per platform host and one per ACTIVE custom domain, each with its own @id. */
export function desiredRoutes(instances: readonly EdgeInstance[], settings: EdgeSettings): CaddyRoute[] {
  return instances.flatMap((instance) => {
    const handle = handlersFor(instance, settings);
    return [
      { '@id': routeId.instance(instance.id), match: [{ host: [instance.host] }], handle, terminal: true },
      ...instance.domains.map((domain) => ({ '@id': routeId.domain(domain.id), match: [{ host: [domain.domain] }], handle, terminal: true })),
    ];
  });
}

/** Last route: any other host (unknown, deleted, a domain not ACTIVE) is 404. */
export function fallbackRoute(): CaddyRoute {
  return {
    '@id': FALLBACK_ID,
    handle: [
      {
        handler: 'static_response',
        status_code: 404,
        headers: { 'Content-Type': ['text/html; charset=utf-8'] },
        body: page('No Odoo here', 'There is no instance at this address.'),
      },
    ],
    terminal: true,
  };
}

/** Everything but the routes of instances: listeners, TLS automation, logs. */
export function baseConfig(settings: EdgeSettings): Record<string, unknown> {
  const issuer = settings.tls === 'internal' ? { module: 'internal' } : { module: 'acme', ...(settings.acmeEmail ? { email: settings.acmeEmail } : {}) };
  const https = settings.scheme === 'https';
  const server: Record<string, unknown> = {
    listen: [`:${https ? settings.httpsPort : settings.httpPort}`],
    routes: [fallbackRoute()],
    ...(https ? {} : { automatic_https: { disable: true } }),
    ...(settings.accessLog ? { logs: { default_logger_name: ACCESS_LOGGER } } : {}),
  };
  return {
    admin: { listen: settings.adminListen, origins: [settings.adminOrigin] },
    ...(settings.accessLog
      ? {
          logging: {
            logs: {
              default: { exclude: [`http.log.access.${ACCESS_LOGGER}`] },
              [ACCESS_LOGGER]: {
                writer: { output: 'file', filename: settings.accessLog },
                encoder: { format: 'json' },
                include: [`http.log.access.${ACCESS_LOGGER}`],
              },
            },
          },
        }
      : {}),
    apps: {
      http: { http_port: settings.httpPort, https_port: settings.httpsPort, servers: { [SERVER]: server } },
      ...(https
        ? {
            tls: {
              // The internal CA can sign `*.<base>`, so even an unknown host gets a handshake (and its 404).
              ...(settings.tls === 'internal' ? { certificates: { automate: [`*.${settings.baseDomain}`] } } : {}),
              automation: {
                policies: [
                  // Platform hosts: certificates managed ahead of the first request.
                  { '@id': 'edge-tls-platform', subjects: [`*.${settings.baseDomain}`], issuers: [issuer] },
                  // Everything else (custom domains): issued on demand, only if `ask` says yes.
                  { '@id': 'edge-tls-on-demand', issuers: [issuer], on_demand: true },
                ],
                on_demand: { ask: settings.askUrl },
              },
            },
          }
        : {}),
    },
  };
}

/** The whole config: base plus every route, the fallback last. */
export function fullConfig(instances: readonly EdgeInstance[], settings: EdgeSettings): Record<string, unknown> {
  const config = baseConfig(settings);
  const server = (config.apps as { http: { servers: Record<string, { routes: unknown[] }> } }).http.servers[SERVER]!;
  server.routes = [...desiredRoutes(instances, settings), fallbackRoute()];
  return config;
}

/** JSON with sorted keys: Caddy gives back what it got, but not in the same key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}
