import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { freePort } from '@saas/testing';
import WebSocket from 'ws';

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A real Caddy of the test's own: free ports, its own data directory (CA, certificates), started with only its admin address. */
export class TestCaddy {
  private child: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly adminPort: number,
    readonly httpPort: number,
    readonly httpsPort: number,
  ) {}

  static async start(): Promise<TestCaddy> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'saas-edge-caddy-'));
    const caddy = new TestCaddy(dir, await freePort(), await freePort(), await freePort());
    await writeFile(path.join(dir, 'initial.json'), JSON.stringify({ admin: { listen: `127.0.0.1:${caddy.adminPort}` } }));
    await caddy.run();
    return caddy;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }

  get accessLog(): string {
    return path.join(this.dir, 'access.log');
  }

  /** Caddy's local CA root (internal issuer): what a browser would be told to trust. */
  rootCertificate(): Promise<Buffer> {
    return readFile(path.join(this.dir, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt'));
  }

  async run(): Promise<void> {
    const env = { ...process.env, XDG_DATA_HOME: path.join(this.dir, 'data'), XDG_CONFIG_HOME: path.join(this.dir, 'config'), HOME: this.dir };
    this.child = spawn('caddy', ['run', '--config', path.join(this.dir, 'initial.json')], { env, stdio: ['ignore', 'ignore', 'ignore'] });
    await until(async () => (await fetch(`${this.adminUrl}/config/`)).ok, 20_000, 'caddy admin API');
  }

  /** SIGKILL, as a crash: whatever config it had is gone with it (it was never saved to a file we load). */
  kill(): Promise<void> {
    return stopProcess(this.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await stopProcess(this.child);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Debian's dnsmasq on a loopback port, answering only the test's records. */
export class TestDns {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(records: { hosts: Record<string, string>; cnames: Record<string, string> }): Promise<TestDns> {
    const dns = new TestDns(await freePort());
    await dns.serve(records);
    return dns;
  }

  get server(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** dnsmasq does not re-read --cname on SIGHUP: a change of records is a restart on the same port. */
  async serve(records: { hosts: Record<string, string>; cnames: Record<string, string> }): Promise<void> {
    await stopProcess(this.child);
    const args = [
      '--keep-in-foreground',
      '--conf-file=/dev/null',
      '--no-resolv',
      '--no-hosts',
      '--bind-interfaces',
      '--listen-address=127.0.0.1',
      `--port=${this.port}`,
      '--pid-file=',
      ...Object.entries(records.hosts).map(([name, address]) => `--host-record=${name},${address}`),
      ...Object.entries(records.cnames).map(([name, target]) => `--cname=${name},${target}`),
    ];
    const child = spawn('dnsmasq', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.child = child;
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (child.exitCode !== null) throw new Error(`dnsmasq exited: ${stderr}`);
  }

  stop(): Promise<void> {
    return stopProcess(this.child);
  }
}

export interface EdgeResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  certificate: PeerCertificate;
}

/** GET over real HTTPS to 127.0.0.1, as `curl --cacert <ca> --resolve <host>:<port>:127.0.0.1 <url>` does (SNI and Host from the URL). */
export function edgeGet(url: string, ca: Buffer): Promise<EdgeResponse> {
  return edgeRequest(url, ca);
}

/**
 * A request over real HTTPS to 127.0.0.1 (SNI and Host from the URL). A body is sent like curl
 * sends a large one: `Expect: 100-continue` first, the body only once the server wants it, so
 * a refusal (413) is read instead of a reset while uploading.
 */
export function edgeRequest(url: string, ca: Buffer, options: { method?: string; body?: Buffer } = {}): Promise<EdgeResponse> {
  const target = new URL(url);
  const { body } = options;
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port: Number(target.port || 443),
        method: options.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        servername: target.hostname,
        headers: { host: target.host, ...(body ? { 'content-length': String(body.length), expect: '100-continue', 'content-type': 'application/octet-stream' } : {}) },
        ca,
        agent: false,
        timeout: 15_000,
      },
      (response) => {
        const certificate = (response.socket as import('node:tls').TLSSocket).getPeerCertificate();
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers, certificate });
          // Answered before the body was asked for: it is never sent.
          request.destroy();
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    if (body) request.on('continue', () => request.end(body));
    else request.end();
  });
}

/**
 * Opens a websocket over real HTTPS to 127.0.0.1 (SNI and Host from the URL, trusting `ca`),
 * sends each message and resolves with what came back, in order.
 */
export function edgeWebSocketEcho(url: string, ca: Buffer, messages: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), {
      ca,
      // Every host of the test resolves to the local Caddy, like curl --resolve.
      lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
        options?.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) as never,
      handshakeTimeout: 15_000,
    });
    const received: string[] = [];
    const timer = setTimeout(() => socket.terminate(), 30_000);
    socket.on('open', () => messages.forEach((message) => socket.send(message)));
    socket.on('message', (data: Buffer) => {
      received.push(data.toString());
      if (received.length === messages.length) socket.close(1000);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
