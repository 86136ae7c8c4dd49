import { createDatabase, dropDatabase, TestStack } from '@saas/testing';
import { eventually } from '../support/fixtures';
import { TcpProxy } from './support/tcp-proxy';

interface Readiness {
  status: string;
  checks: Array<{ name: string; ok: boolean; error?: string }>;
}

/**
 * `/ready` (the detailed one, on the operations port; the public bare one too) follows
 * PostgreSQL: the user subgraph reaches its database through a proxy the test stops and starts
 * (the shared server stays up for everyone else).
 */
describe('readiness follows the database', () => {
  const database = `saas_user_ready_${Date.now().toString(36)}`;
  const proxy = new TcpProxy('127.0.0.1', Number(process.env.TEST_PG_PORT ?? 5432));
  let stack: TestStack;

  const ready = async (): Promise<{ status: number; body: Readiness }> => {
    const response = await fetch(stack.metricsUrl('user', '/ready'));
    return { status: response.status, body: (await response.json()) as Readiness };
  };
  /** The public port's bare `/ready` (the gateway's probe): the same verdict, no details. */
  const publicReady = async (): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(stack.url('user', '/ready'));
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    const direct = new URL(await createDatabase('saas_user', database));
    await proxy.start();
    direct.port = String(proxy.port);
    stack = await TestStack.start({ services: ['auth', 'user'], serviceEnv: { user: { DATABASE_URL: direct.toString() } } });
  });

  afterAll(async () => {
    await stack?.teardown();
    await proxy.stop();
    await dropDatabase('saas_user', database).catch(() => undefined);
  });

  it('PostgreSQL down: not ready (503, postgres named), still alive; back: ready again without a restart', async () => {
    const pid = stack.process('user').pid;
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ready' } });

    await proxy.stop();
    const down = await eventually(async () => {
      const result = await ready();
      return result.status === 503 ? result : undefined;
    }, 15_000, 'the user subgraph to report not ready');
    expect(down.body.status).toBe('not ready');
    expect(down.body.checks.find((check) => check.name === 'postgres')).toMatchObject({ ok: false });
    expect(down.body.checks.find((check) => check.name === 'redis')).toMatchObject({ ok: true });
    expect((await fetch(stack.url('user', '/health'))).status).toBe(200);
    expect(await publicReady()).toEqual({ status: 503, body: { status: 'not ready' } });

    await proxy.start();
    await eventually(async () => ((await ready()).status === 200 ? true : undefined), 30_000, 'the user subgraph to be ready again');
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ready', checks: expect.arrayContaining([{ name: 'postgres', ok: true }]) } });
    expect(await publicReady()).toEqual({ status: 200, body: { status: 'ready' } });
    expect(stack.process('user').running).toBe(true);
    expect(stack.process('user').pid).toBe(pid);
  });
});
