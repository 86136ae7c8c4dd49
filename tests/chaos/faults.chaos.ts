import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SERVICES } from '@saas/stack';
import { PrivatePostgres, TestStack } from '@saas/testing';
import { createTenant, eventually, signUp, type TestUser } from '../support/fixtures';
import { type FaultOutcome, settle, submitCreate, tenantsFor, type TrackedCreate } from './workload';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CREATES_PER_FAULT = 3;

interface Row extends FaultOutcome {
  fault: string;
  deadLettered: number;
  recoverSeconds: number;
}

/**
 * Faults injected while creates are in flight, against a stack of its own whose PostgreSQL is a
 * private cluster (stopping it disturbs nobody). Prints one table; the README's reliability
 * section has the figures. Target: nothing lost, nothing done twice, nothing dead-lettered.
 */
describe('chaos: faults with work in flight', () => {
  let postgres: PrivatePostgres;
  let stack: TestStack;
  let owner: TestUser;
  const previousPort = process.env.TEST_PG_PORT;
  const rows: Row[] = [];

  beforeAll(async () => {
    postgres = await PrivatePostgres.create();
    process.env.TEST_PG_PORT = String(postgres.port);
    stack = await TestStack.start();
    owner = await signUp(stack.gatewayUrl, 'chaos');
  });

  afterAll(async () => {
    console.log(table(rows));
    await stack?.teardown();
    await postgres?.remove();
    if (previousPort === undefined) delete process.env.TEST_PG_PORT;
    else process.env.TEST_PG_PORT = previousPort;
  });

  /** Messages in the run's dead-letter queues. */
  async function deadLettered(): Promise<number> {
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_queues', '-p', `saas-test-${stack.runId}`, 'name', 'messages']);
    return stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([name]) => name?.endsWith('.dead') && name !== 'instance.jobs.dead')
      .reduce((sum, [, count]) => sum + Number(count ?? 0), 0);
  }

  /** Seconds from the end of a fault until every process is ready and a mutation succeeds. */
  async function recovery(since: number): Promise<number> {
    const names = SERVICES.map((service) => service.name);
    await eventually(
      async () => {
        const ready = await Promise.all(names.map((name) => fetch(stack.metricsUrl(name, '/ready'), { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok)));
        if (!ready.every(Boolean)) return undefined;
        await createTenant(stack.gatewayUrl, owner, 'Probe');
        return true;
      },
      180_000,
      'the stack to recover',
    );
    return Math.round((Date.now() - since) / 100) / 10;
  }

  /** Runs creates, injects `fault` once the first is under way, and records the row. */
  async function measure(fault: string, inject: () => Promise<void>): Promise<Row> {
    const tenants = await tenantsFor(stack, owner, CREATES_PER_FAULT);
    const deadBefore = await deadLettered();
    const creates: Array<Promise<TrackedCreate>> = [submitCreate(stack, owner, tenants[0]!)];
    await creates[0];
    const faultDone = inject().then(() => Date.now());
    // More creates while the fault is on; clients retry refused ones with their idempotency key.
    for (const tenant of tenants.slice(1)) {
      await sleep(1_000);
      creates.push(submitCreate(stack, owner, tenant));
    }
    const ended = await faultDone;
    const recoverSeconds = await recovery(ended);
    const outcome = await settle(stack, owner, tenants, await Promise.all(creates));
    const row = { fault, ...outcome, deadLettered: (await deadLettered()) - deadBefore, recoverSeconds };
    rows.push(row);
    return row;
  }

  const expectNothingLost = (row: Row) => {
    expect({ lost: row.lost, duplicated: row.duplicated, deadLettered: row.deadLettered }).toEqual({ lost: 0, duplicated: 0, deadLettered: 0 });
  };

  it('PostgreSQL restart', async () => {
    expectNothingLost(await measure('PostgreSQL restart', () => postgres.restart()));
  });

  it('PostgreSQL stopped 15 s: every subgraph and the worker recover without a restart, nothing dead-lettered', async () => {
    expectNothingLost(
      await measure('PostgreSQL stopped 15 s', async () => {
        await postgres.stop();
        await sleep(15_000);
        await postgres.start();
      }),
    );
  });

  it('worker SIGKILL mid-job', async () => {
    const worker = () => stack.process('worker');
    expectNothingLost(
      await measure('worker SIGKILL mid-job', async () => {
        const before = worker().output().length;
        await eventually(async () => (worker().output().slice(before).includes('"step"') ? true : undefined), 60_000, 'a job step');
        await worker().kill();
        await stack.startService('worker');
      }),
    );
  });

  it('instance subgraph SIGKILL mid-mutation, clients retry with their idempotency key', async () => {
    expectNothingLost(
      await measure('instance subgraph SIGKILL mid-mutation', async () => {
        await stack.process('instance').kill();
        await stack.startService('instance');
      }),
    );
  });
});

function table(rows: Row[]): string {
  const header = '| fault | ops accepted / completed | lost | duplicated | refused attempts (retried) | dead-lettered | ready again after the fault |';
  const lines = rows.map((row) => {
    const refused = Object.entries(row.refusals).map(([code, count]) => `${code} x${count}`).join(', ') || '-';
    const duplicated = row.duplicated === 0 ? '0' : `${row.duplicated} (${row.duplicatedOperations} operations, ${row.extraContainers} containers)`;
    return `| ${row.fault} | ${row.accepted} / ${row.completed} | ${row.lost} | ${duplicated} | ${refused} | ${row.deadLettered} | ${row.recoverSeconds} s |`;
  });
  return ['chaos results', header, '| --- | --- | --- | --- | --- | --- | --- |', ...lines].join('\n');
}
