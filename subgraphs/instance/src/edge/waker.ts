import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '@saas/logger';
import { WAKE_INSTANCE_HEADER } from './caddy-config';
import { type InstanceWakes, WakeFailure } from './instance-wakes';
import { forward } from './wake-proxy';
import { startingPage, wakeFailedPage } from './waker-pages';

export interface WakerSettings {
  /** How long a browser's page load waits for the wake before it gets the self-reloading page (WAKE_BROWSER_WAIT_MS). */
  browserWaitMs: number;
  /** The page's reload and the Retry-After of 503s, in seconds. */
  retryAfterSeconds: number;
}

const INSTANCE_HEADER = WAKE_INSTANCE_HEADER.toLowerCase();
const DROP = new Set([INSTANCE_HEADER]);
const STILL_WAKING = Symbol('still waking');

/** A page load of a browser (not an API client, not a form post that a reload would lose). */
function isBrowserPage(req: http.IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && String(req.headers.accept ?? '').includes('text/html');
}

/**
 * The waker: the upstream Caddy proxies a hibernated (or starting) instance's requests to,
 * with the instance in X-Edge-Instance. Each request wakes the instance (one START however
 * many arrive, InstanceWakes) and is held until it serves, then forwarded to it, so an API
 * client (JSON-RPC, XML-RPC, /web/health) just sees a slow first answer. A browser's page
 * load that would wait longer than `browserWaitMs` gets "Starting your Odoo..." (503,
 * Retry-After, reloading itself) while the wake goes on. A failed wake is a 503 with its
 * reason. Websocket upgrades wake the instance and get a 503: Odoo's client reconnects.
 * Listens on loopback (or the compose network): only Caddy should reach it.
 */
export class EdgeWaker {
  private readonly server: http.Server;

  constructor(
    private readonly wakes: InstanceWakes,
    private readonly settings: WakerSettings,
    private readonly logger: Logger,
  ) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => this.upgrade(req, socket));
    // A held request's body is read only once the instance serves.
    this.server.requestTimeout = 0;
  }

  /** Listens (port 0: any free one); resolves with the port. */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const bound = (this.server.address() as AddressInfo).port;
    this.logger.info({ host, port: bound }, 'waker listening');
    return bound;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const instanceId = req.headers[INSTANCE_HEADER];
    if (typeof instanceId !== 'string' || instanceId === '') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No instance here.\n');
      return;
    }
    const browser = isBrowserPage(req);
    const wake = this.wakes.wake(instanceId);
    try {
      const upstream = browser
        ? await Promise.race([wake, new Promise<typeof STILL_WAKING>((resolve) => setTimeout(() => resolve(STILL_WAKING), this.settings.browserWaitMs).unref())])
        : await wake;
      if (upstream === STILL_WAKING) {
        this.answer(res, 503, browser, startingPage(this.settings.retryAfterSeconds), 'The instance is starting; try again in a moment.\n', 'STARTING');
        return;
      }
      if (req.destroyed) return;
      await forward(req, res, upstream, DROP);
    } catch (error) {
      if (res.headersSent) return;
      const failure = error instanceof WakeFailure ? error : undefined;
      if (!failure) this.logger.warn({ err: error, instanceId }, 'waker could not forward a request');
      const reason = failure?.message ?? 'The instance started but did not answer; try again in a moment.';
      this.answer(res, failure?.httpStatus ?? 503, browser, wakeFailedPage(reason), `${reason}\n`, failure?.status ?? null);
    }
  }

  private answer(res: http.ServerResponse, status: number, browser: boolean, html: string, text: string, instanceStatus: string | null): void {
    res.writeHead(status, {
      'content-type': browser ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...(status === 503 ? { 'retry-after': String(this.settings.retryAfterSeconds) } : {}),
      ...(instanceStatus ? { 'x-instance-status': instanceStatus } : {}),
    });
    res.end(browser ? html : text);
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex): void {
    const instanceId = req.headers[INSTANCE_HEADER];
    if (typeof instanceId === 'string' && instanceId !== '') void this.wakes.wake(instanceId).catch(() => undefined);
    socket.end(`HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${this.settings.retryAfterSeconds}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  }
}
