import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that the test can take down and bring back on the same port:
 * to a process behind it, a stopped proxy is a server that went away (connections reset,
 * new ones refused), without touching the shared server other tests use. A held proxy is a
 * server that stopped answering: connections stay open, bytes wait until `release`.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private listenPort = 0;
  private held = false;
  /** Writes that arrived while held, in arrival order. */
  private pending: Array<() => void> = [];
  private readonly target: net.NetConnectOpts;

  constructor(targetHost: string, targetPort: number);
  constructor(target: { path: string });
  constructor(target: string | { path: string }, targetPort?: number) {
    this.target = typeof target === 'string' ? { host: target, port: targetPort ?? 0 } : { path: target.path };
  }

  get port(): number {
    return this.listenPort;
  }

  /** Listens (again) on the proxy's port; the OS picks one the first time. */
  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      this.forward(client, upstream);
      this.forward(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    this.listenPort = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops passing bytes, both ways, on open and new connections (nothing is closed). */
  hold(): void {
    this.held = true;
  }

  /** Delivers what waited, in order, and passes bytes again. */
  release(): void {
    const pending = this.pending;
    this.pending = [];
    this.held = false;
    for (const write of pending) write();
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.pending = [];
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(from: net.Socket, to: net.Socket): void {
    from.on('data', (chunk: Buffer) => {
      const write = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (this.held) this.pending.push(write);
      else write();
    });
    from.on('end', () => {
      if (this.held) this.pending.push(() => to.end());
      else to.end();
    });
  }
}
