// Instance creation under load, on a stack of its own with the Odoo stand-in image:
//   node --import tsx ops/bench/instance-create.ts        (npm run bench:instances)
// 50 instances requested at once (one per tenant, trial plan), then 20 one after the other.
// Prints: time until all RUNNING, per-instance p50/p95, control-plane latency from mutation
// accepted (operation created) to job started (worker's first event), worker memory.
// BENCH_INSTANCES (50), BENCH_SEQUENTIAL (20), BENCH_WORKER_CONCURRENCY (16).
import { dataOf, graphql, TestStack } from '@saas/testing';
import { createInstance, createTenant, signUp, type TestUser } from '../../tests/support/fixtures';
import { ms, printTable, sampleRss, summarize } from './support/stats';

const BURST = Number(process.env.BENCH_INSTANCES ?? 50);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 20);
const CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? '16';

interface OperationTimes {
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

async function waitForOperations(stack: TestStack, owner: TestUser, ids: string[], timeoutMs = 600_000): Promise<Map<string, OperationTimes>> {
  const done = new Map<string, OperationTimes>();
  const deadline = Date.now() + timeoutMs;
  while (done.size < ids.length) {
    if (Date.now() > deadline) throw new Error(`only ${done.size}/${ids.length} operations finished in time`);
    await Promise.all(
      ids
        .filter((id) => !done.has(id))
        .map(async (id) => {
          const response = await graphql<{ instanceOperation: OperationTimes }>(
            stack.gatewayUrl,
            'query($id: ID!) { instanceOperation(id: $id) { status createdAt startedAt finishedAt error } }',
            { id },
            { token: owner.accessToken },
          );
          const operation = dataOf(response).instanceOperation;
          if (operation.status === 'SUCCEEDED' || operation.status === 'FAILED') done.set(id, operation);
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return done;
}

const between = (from: string, to: string | null) => (to ? new Date(to).getTime() - new Date(from).getTime() : Number.NaN);

async function main(): Promise<void> {
  console.log(`starting a stack (worker concurrency ${CONCURRENCY}) ...`);
  const stack = await TestStack.start({ serviceEnv: { worker: { WORKER_CONCURRENCY: CONCURRENCY, LOG_LEVEL: 'warn' } } });
  try {
    const owner = await signUp(stack.gatewayUrl, 'bench');
    const tenants = [];
    for (let i = 0; i < BURST + SEQUENTIAL; i += 1) tenants.push(await createTenant(stack.gatewayUrl, owner, `Bench ${i}`));
    const memory = sampleRss(stack.process('worker').pid);

    // Burst: every create at once.
    const burstStart = Date.now();
    const mutationLatencies: number[] = [];
    const burst = await Promise.all(
      tenants.slice(0, BURST).map(async (tenant) => {
        const t0 = performance.now();
        const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
        mutationLatencies.push(performance.now() - t0);
        return operation.id;
      }),
    );
    const burstResults = await waitForOperations(stack, owner, burst);
    const burstWall = Math.max(...[...burstResults.values()].map((op) => new Date(op.finishedAt ?? 0).getTime())) - burstStart;
    const workerPeak = memory.stop();

    // Sequential: the pipeline's own latency, without queueing behind other jobs.
    const sequential: string[] = [];
    for (const tenant of tenants.slice(BURST)) {
      const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
      sequential.push(operation.id);
      await waitForOperations(stack, owner, [operation.id]);
    }
    const sequentialResults = await waitForOperations(stack, owner, sequential);

    const failed = [...burstResults.values(), ...sequentialResults.values()].filter((op) => op.status !== 'SUCCEEDED');
    const total = summarize([...burstResults.values()].map((op) => between(op.createdAt, op.finishedAt)));
    const burstStart2 = summarize([...burstResults.values()].map((op) => between(op.createdAt, op.startedAt)));
    const seqStart = summarize([...sequentialResults.values()].map((op) => between(op.createdAt, op.startedAt)));
    const seqTotal = summarize([...sequentialResults.values()].map((op) => between(op.createdAt, op.finishedAt)));
    const mutation = summarize(mutationLatencies);
    printTable(`Instance creation: ${BURST} at once, then ${SEQUENTIAL} one by one (stand-in image, worker concurrency ${CONCURRENCY})`, [
      [`burst: all ${BURST} RUNNING after`, ms(burstWall)],
      ['burst: per instance p50 (created -> RUNNING)', ms(total.p50)],
      ['burst: per instance p95', ms(total.p95)],
      ['burst: createInstance mutation p50', ms(mutation.p50)],
      ['burst: createInstance mutation p95', ms(mutation.p95)],
      ['burst: accepted -> job started p50 (queued)', ms(burstStart2.p50)],
      ['burst: accepted -> job started p95 (queued)', ms(burstStart2.p95)],
      ['one by one: accepted -> job started p50', ms(seqStart.p50)],
      ['one by one: accepted -> job started p95 (target < 50)', ms(seqStart.p95)],
      ['one by one: per instance p50 (created -> RUNNING)', ms(seqTotal.p50)],
      ['worker peak RSS during the burst', `${workerPeak.toFixed(0)} MiB`],
      ['failed operations', failed.length],
    ]);
    if (failed.length > 0) console.log('failures:', failed.map((op) => op.error));
  } finally {
    await stack.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
