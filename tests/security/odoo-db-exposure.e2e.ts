import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { ODOO_DB_ADMIN_URL } from '@saas/testing';
import { Client } from 'pg';

const server = new URL(ODOO_DB_ADMIN_URL);
const port = Number(server.port || 5432);

/** The default bridge's gateway: host.docker.internal for containers, the one other address the server may listen on. */
function bridgeGateway(): string | undefined {
  return networkInterfaces().docker0?.find((address) => address.family === 'IPv4')?.address;
}

/** What a TCP connection to `host:port` meets: `open`, or the error code. */
function probe(host: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('ETIMEDOUT');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function logIn(password: string): Promise<string | null> {
  const client = new Client({ host: server.hostname, port, user: 'odoo_admin', password, database: 'postgres', connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The Odoo database server (ops/services/ensure-services.sh): reachable from this machine and
 * its Docker containers only, and its admin's published development password logs nobody in.
 */
describe('security: the Odoo database server is not exposed', () => {
  it('refuses the published default admin password; the generated one logs in', async () => {
    expect(await logIn('odoo_admin_dev')).toBe('28P01');
    expect(await logIn(decodeURIComponent(server.password))).toBeNull();
  });

  it('listens on loopback and the Docker bridge gateway only', async () => {
    const gateway = bridgeGateway();
    const others = Object.entries(networkInterfaces())
      .flatMap(([, addresses]) => addresses ?? [])
      .filter((address) => address.family === 'IPv4' && !address.internal && address.address !== gateway)
      .map((address) => address.address);
    // This machine has addresses beyond loopback and docker0 (its network interface, other bridges).
    expect(others.length).toBeGreaterThan(0);
    for (const address of others) expect({ address, reached: await probe(address) }).toEqual({ address, reached: 'ECONNREFUSED' });
    expect(await probe('127.0.0.1')).toBe('open');
    if (gateway) expect(await probe(gateway)).toBe('open');
  });
});
