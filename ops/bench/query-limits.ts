// What the worst operations the gateway still allows cost, and what refusing the ones over
// the limits costs, on a stack of its own:
//   node --import tsx ops/bench/query-limits.ts      (or npm run bench:limits)
// Starts every process but the worker, makes one user a member of TENANTS tenants with
// MEMBERS members each (so `memberships` and `members` lists are real), then runs each
// operation ROUNDS times, sequentially, through the gateway on 127.0.0.1. Subgraph calls are
// read from each subgraph's `graphql_operations_total` before and after.
import { dataOf, graphql, SmtpSink, TestStack } from '@saas/testing';
import { createTenant, signUp, type TestUser } from '../../tests/support/fixtures';
import { addMember } from '../../tests/tenancy/support';
import { getOperationAST, parse } from 'graphql';
import { estimateCost } from '../../gateway/src/limits/query-cost';
import { DEFAULT_QUERY_LIMITS } from '../../gateway/src/limits/query-limits';
import { apiSchema } from '../../tests/isolation/tenant-scoped-fields';
import { summarize } from './support/stats';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 5);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const SUBGRAPHS = ['auth', 'tenant', 'user', 'billing', 'instance'] as const;

/** `me { memberships { tenant { members { user { ... } } } } }`, `depth` memberships deep. */
function cyclic(depth: number): string {
  let inner = 'id';
  for (let level = 0; level < depth; level++) inner = `memberships { tenant { members { user { ${inner} } } } }`;
  return `{ me { ${inner} } }`;
}

const OPERATIONS: Array<{ name: string; query: string }> = [
  { name: 'dashboard-sized: me > memberships > tenant > members', query: cyclic(1) },
  {
    name: 'two nested lists, every field',
    query: '{ me { memberships { role tenant { id name slug status members { role user { id email displayName locale timeZone } } } } } }',
  },
  { name: 'three nested lists: memberships > members > memberships', query: '{ me { memberships { tenant { members { user { memberships { tenant { id name } } } } } } } }' },
  { name: '30 aliases of plans (the alias limit)', query: `{ ${Array.from({ length: 30 }, (_, i) => `p${i}: plans { code name }`).join(' ')} }` },
  { name: 'refused: cyclic depth 50 (depth)', query: cyclic(50) },
  { name: 'refused: cyclic 2 rounds + user (cost)', query: cyclic(2) },
  { name: 'refused: 1,000 aliases of plans (tokens)', query: `{ ${Array.from({ length: 1_000 }, (_, i) => `p${i}: plans { code }`).join(' ')} }` },
];

async function subgraphCalls(stack: TestStack): Promise<number> {
  let total = 0;
  for (const name of SUBGRAPHS) {
    const text = await fetch(stack.metricsUrl(name)).then((response) => response.text());
    for (const line of text.split('\n')) if (line.startsWith('graphql_operations_total')) total += Number(line.split(' ').pop());
  }
  return total;
}

async function main(): Promise<void> {
  const sink = await SmtpSink.start();
  const stack = await TestStack.start({ services: ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'], serviceEnv: { tenant: { SMTP_URL: sink.url } } });
  try {
    const user: TestUser = await signUp(stack.gatewayUrl, 'bench');
    for (let t = 0; t < TENANTS; t++) {
      const owner = await signUp(stack.gatewayUrl, `owner${t}`);
      const tenant = await createTenant(stack.gatewayUrl, owner, `Bench ${t}`);
      await addMember(stack.gatewayUrl, sink, owner, tenant.id, user, 'MEMBER');
      for (let m = 1; m < MEMBERS - 1; m++) await addMember(stack.gatewayUrl, sink, owner, tenant.id, await signUp(stack.gatewayUrl, `m${t}-${m}`), 'MEMBER');
    }
    dataOf(await graphql(stack.gatewayUrl, '{ me { id } }', {}, { token: user.accessToken }));
    const rows: string[] = [];
    const schema = apiSchema();
    for (const operation of OPERATIONS) {
      const document = parse(operation.query);
      const estimated = estimateCost(schema, document, getOperationAST(document)!, {}, { defaultListSize: DEFAULT_QUERY_LIMITS.defaultListSize, maxPageSize: DEFAULT_QUERY_LIMITS.maxPageSize });
      const latencies: number[] = [];
      const before = await subgraphCalls(stack);
      let outcome = '';
      for (let round = 0; round < ROUNDS; round++) {
        const t0 = performance.now();
        const response = await graphql(stack.gatewayUrl, operation.query, {}, { token: user.accessToken });
        latencies.push(performance.now() - t0);
        outcome = response.errors ? String(response.errors[0]?.extensions?.code) : `ok (${JSON.stringify(response.data).length} B)`;
      }
      const calls = ((await subgraphCalls(stack)) - before) / ROUNDS;
      const stats = summarize(latencies);
      rows.push(`| ${operation.name} | ${estimated > 1e9 ? estimated.toExponential(1) : estimated} | ${outcome} | ${calls.toFixed(1)} | ${stats.p50.toFixed(1)} | ${stats.p95.toFixed(1)} |`);
    }
    console.log(`\nQuery limits (defaults), ${TENANTS} tenants x ${MEMBERS} members, ${ROUNDS} sequential rounds each\n`);
    console.log(`| operation | estimated cost (limit ${DEFAULT_QUERY_LIMITS.maxCost}) | answer | subgraph calls / op | p50 ms | p95 ms |`);
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
  } finally {
    await stack.teardown();
    await sink.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
