// Hibernation on a stack of its own with a real Caddy (HTTPS, its own CA) and the Odoo stand-in:
//   node --import tsx ops/bench/hibernation.ts        (npm run bench:hibernation)
// BENCH_HIBERNATION_INSTANCES (50) instances are created and left idle; their containers'
// memory is read from the engine (docker stats: usage minus page cache, as `docker stats`
// shows it) before and after all are hibernated (hibernateInstance). Then BENCH_WAKES (20)
// wakes, one at a time: a GET /web/health through Caddy to a HIBERNATED instance, timed from
// the request to the first byte of its answer (held by the waker until Odoo serves).
// Prints a table.
import https from 'node:https';
import { dataOf, graphql, listEnvContainers, TestStack, testDocker } from '@saas/testing';
import { TestCaddy } from '../../tests/edge/support/edge-processes';
import { createInstance, createTenant, eventually, signUp, waitForInstanceStatus } from '../../tests/support/fixtures';
import { ms, printTable, summarize } from './support/stats';

const INSTANCES = Number(process.env.BENCH_HIBERNATION_INSTANCES ?? 50);
const WAKES = Number(process.env.BENCH_WAKES ?? 20);
const MiB = 1024 * 1024;

interface BenchInstance {
  id: string;
  url: string;
}

/** What `docker stats` shows as a container's memory: usage without the page cache (cgroup v1 `cache`, v2 `inactive_file`). */
async function containerMemoryBytes(id: string): Promise<number> {
  const stats = (await testDocker().getContainer(id).stats({ stream: false })) as { memory_stats?: { usage?: number; stats?: Record<string, number> } };
  const usage = stats.memory_stats?.usage ?? 0;
  const cache = stats.memory_stats?.stats?.inactive_file ?? stats.memory_stats?.stats?.cache ?? 0;
  return Math.max(0, usage - cache);
}

/** Memory of the environment's Odoo containers, running ones only (a stopped container holds none). */
async function odooMemory(env: string): Promise<{ running: number; bytes: number }> {
  const containers = (await listEnvContainers(env, { 'saas.role': 'odoo' })).filter((container) => container.State === 'running');
  const bytes = (await Promise.all(containers.map((container) => containerMemoryBytes(container.Id)))).reduce((sum, value) => sum + value, 0);
  return { running: containers.length, bytes };
}

/** Milliseconds from sending a GET over HTTPS (to Caddy on 127.0.0.1) to the first byte of the answer, and its status. */
function timeToFirstByte(url: string, ca: Buffer): Promise<{ ms: number; status: number }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = https.request(
      { host: '127.0.0.1', port: Number(target.port), path: target.pathname, servername: target.hostname, headers: { host: target.host }, ca, agent: false, timeout: 120_000 },
      (response) => {
        const elapsed = performance.now() - started;
        response.resume();
        response.on('end', () => resolve({ ms: elapsed, status: response.statusCode ?? 0 }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end();
  });
}

async function main(): Promise<void> {
  console.log(`starting a stack with its own Caddy (${INSTANCES} instances, ${WAKES} wakes) ...`);
  const caddy = await TestCaddy.start();
  const stack = await TestStack.start({
    serviceEnv: {
      instance: {
        EDGE_ADMIN_URL: caddy.adminUrl,
        EDGE_HTTP_PORT: String(caddy.httpPort),
        EDGE_HTTPS_PORT: String(caddy.httpsPort),
        EDGE_RECONCILE_INTERVAL_MS: '1000',
        EDGE_ACCESS_LOG: caddy.accessLog,
        LOG_LEVEL: 'warn',
      },
      worker: { WORKER_CONCURRENCY: '8', LOG_LEVEL: 'warn' },
    },
  });
  try {
    const owner = await signUp(stack.gatewayUrl, 'bench');
    const as = <T>(query: string, variables: Record<string, unknown>) => graphql<T>(stack.gatewayUrl, query, variables, { token: owner.accessToken });
    const instances: BenchInstance[] = [];
    for (let i = 0; i < INSTANCES; i += 1) {
      // One tenant each: the trial plan allows one instance.
      const tenant = await createTenant(stack.gatewayUrl, owner, `Bench ${i}`);
      instances.push({ id: dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id, url: '' });
    }
    const waitAll = (status: string) => Promise.all(instances.map((instance) => waitForInstanceStatus(stack.gatewayUrl, owner, instance.id, status, 600_000)));
    await waitAll('RUNNING');
    for (const instance of instances) instance.url = dataOf(await as<{ instance: { url: string } }>('query($id: ID!) { instance(id: $id) { url } }', { id: instance.id })).instance.url;
    const ca = await eventually(() => caddy.rootCertificate().catch(() => undefined), 30_000, "Caddy's root certificate");
    const env = stack.layout.shared.SAAS_ENV ?? '';

    // Idle: past start-up, nobody requesting.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const before = await odooMemory(env);

    const hibernate = (instance: BenchInstance) => as('mutation($id: ID!) { hibernateInstance(id: $id) { id } }', { id: instance.id }).then(dataOf);
    for (const instance of instances) await hibernate(instance);
    await waitAll('HIBERNATED');
    const after = await odooMemory(env);
    const metric = await (await fetch(stack.metricsUrl('instance'))).text();
    const freed = Number(/^hibernation_memory_freed_bytes\{[^}]*source="measured"[^}]*\} (\S+)/m.exec(metric)?.[1] ?? Number.NaN);

    const routedToWaker = (instance: BenchInstance) =>
      eventually(async () => {
        const route = JSON.stringify(await (await fetch(`${caddy.adminUrl}/id/edge-instance-${instance.id}`)).json());
        return route.includes('X-Edge-Instance') ? true : undefined;
      }, 180_000, 'the route to point at the waker');
    const latencies: number[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < WAKES; i += 1) {
      const instance = instances[i % instances.length]!;
      if (i >= instances.length) {
        // More wakes than instances: put this one to sleep again first.
        await waitForInstanceStatus(stack.gatewayUrl, owner, instance.id, 'RUNNING', 120_000);
        await hibernate(instance);
        await waitForInstanceStatus(stack.gatewayUrl, owner, instance.id, 'HIBERNATED', 120_000);
      }
      await routedToWaker(instance);
      const wake = await timeToFirstByte(`${instance.url}/web/health`, ca).catch((error: unknown) => {
        console.log(`wake ${i}: ${String(error)}`);
        return { ms: Number.NaN, status: 0 };
      });
      if (wake.status === 200) latencies.push(wake.ms);
      statuses.push(wake.status);
    }
    const wakes = summarize(latencies);
    const perInstance = (bytes: number, count: number) => (count ? `${(bytes / count / MiB).toFixed(1)} MiB` : '-');
    printTable(`Hibernation: ${INSTANCES} idle instances (stand-in image), ${WAKES} wakes through Caddy + the waker`, [
      ['running Odoo containers before', before.running],
      ['their memory before (docker stats)', `${(before.bytes / MiB).toFixed(1)} MiB`],
      ['per instance before', perInstance(before.bytes, before.running)],
      ['running Odoo containers after', after.running],
      ['their memory after', `${(after.bytes / MiB).toFixed(1)} MiB`],
      ['freed (hibernation_memory_freed_bytes)', `${(freed / MiB).toFixed(1)} MiB`],
      ['wake: request -> first byte p50', ms(wakes.p50)],
      ['wake: request -> first byte p95', ms(wakes.p95)],
      ['wake: max', ms(wakes.max)],
      ['wakes answered 200', `${statuses.filter((status) => status === 200).length}/${WAKES}`],
    ]);
  } finally {
    await stack.teardown();
    await caddy.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
