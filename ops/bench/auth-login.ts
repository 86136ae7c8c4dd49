// Log-in throughput and the cost of token verification, on a stack of its own:
//   node --import tsx ops/bench/auth-login.ts      (or npm run bench:auth)
// Starts every process but the worker (isolated databases, Redis prefix, free ports), signs
// up 8 users, then measures through the gateway on 127.0.0.1 only. Every loop is bounded in
// count and time. BENCH_SECONDS (default 15) sets the length of each measured phase.
// It also compares failed log-ins (one client, sequential, alternating): an unknown email vs
// a known email with a wrong password, which must cost the same (the unknown email is checked
// against a dummy argon2 hash); BENCH_FAILED_LOGINS (default 150) is the count of each.
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { JwksClient, RedisRevocationList, TokenVerifier } from '@saas/auth';
import { createLogger } from '@saas/logger';
import { connectRedis, redisKeys } from '@saas/redis';
import { dataOf, graphql, TestStack } from '@saas/testing';
import { summarize, type Summary } from './support/stats';

const CLIENTS = 8;
const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const MAX_REQUESTS_PER_PHASE = 200_000;
const FAILED_LOGINS = Number(process.env.BENCH_FAILED_LOGINS ?? 150);

const LOG_IN = 'mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { accessToken } }';
const SIGN_UP = 'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }';

interface PhaseResult {
  name: string;
  clients: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** 1-minute load average at the end of the phase: the machine may be shared. */
  load: number;
}

type Request = (client: number) => Promise<void>;

/**
 * Runs `clients` concurrent loops for the phase duration. With several variants, each loop
 * alternates between them, so they share the same (noisy, shared machine) conditions.
 */
async function phase(clients: number, variants: Array<{ name: string; request: Request }>): Promise<PhaseResult[]> {
  const latencies = variants.map(() => [] as number[]);
  let total = 0;
  const deadline = performance.now() + PHASE_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let turn = client; performance.now() < deadline && total < MAX_REQUESTS_PER_PHASE; turn += 1) {
        const variant = turn % variants.length;
        const t0 = performance.now();
        await variants[variant]?.request(client);
        latencies[variant]?.push(performance.now() - t0);
        total += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return variants.map(({ name }, i) => {
    const sorted = (latencies[i] ?? []).sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    const load = loadavg()[0] ?? NaN;
    return { name, clients, requests: sorted.length, perSecond: sorted.length / elapsed, p50: at(0.5), p95: at(0.95), p99: at(0.99), load };
  });
}

/** The verifier the gateway runs, timed in-process: ES256 signature check + Redis deny-list lookup. */
async function timeVerifier(stack: TestStack, token: string): Promise<{ perCall: number; calls: number }> {
  const env = stack.env('gateway');
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const redis = await connectRedis({ url: env.REDIS_URL ?? 'redis://127.0.0.1:6379', logger, name: 'bench' });
  try {
    const verifier = new TokenVerifier({
      jwks: new JwksClient(env.AUTH_JWKS_URL ?? '', logger),
      issuer: 'odoo-saas-auth',
      audience: 'odoo-saas',
      revocations: new RedisRevocationList(redis, redisKeys(env.REDIS_PREFIX ?? '')),
    });
    await verifier.verify(token);
    let calls = 0;
    const started = performance.now();
    const deadline = started + PHASE_SECONDS * 1000;
    while (performance.now() < deadline && calls < MAX_REQUESTS_PER_PHASE) {
      await verifier.verify(token);
      calls += 1;
    }
    return { perCall: (performance.now() - started) / calls, calls };
  } finally {
    await redis.quit();
  }
}

async function post(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<void> {
  const response = await graphql(url, query, variables, { token });
  if (response.status !== 200 || response.errors?.length) throw new Error(`request failed: ${response.status} ${JSON.stringify(response.errors)}`);
}

function table(rows: PhaseResult[]): string {
  const header = ['phase', 'clients', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'load'];
  const body = rows.map((r) => [
    r.name,
    String(r.clients),
    String(r.requests),
    r.perSecond.toFixed(1),
    r.p50.toFixed(2),
    r.p95.toFixed(2),
    r.p99.toFixed(2),
    r.load.toFixed(1),
  ]);
  return formatTable(header, body);
}

/** A Markdown table: first column left-aligned, the others right-aligned. */
function formatTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`, ...body.map(line)].join('\n');
}

interface FailedLogIns {
  name: string;
  latencies: Summary;
  /** Every distinct `code: message` answered: both variants must show the same single one. */
  answers: Set<string>;
}

/**
 * N failed log-ins of each kind, one client, sequential and alternating (so both share the
 * same machine conditions): a fresh unknown email each time, and a known email with a wrong
 * password. Only refusals are expected; anything else stops the benchmark.
 */
async function failedLogIns(gateway: string, knownEmail: string, count: number): Promise<[FailedLogIns, FailedLogIns]> {
  const variants = [
    { name: 'unknown email', email: () => `nobody-${randomBytes(6).toString('hex')}@example.test`, times: [] as number[], answers: new Set<string>() },
    { name: 'known email, wrong password', email: () => knownEmail, times: [] as number[], answers: new Set<string>() },
  ];
  for (let turn = 0; turn < count * variants.length; turn += 1) {
    const variant = variants[turn % variants.length];
    if (!variant) continue;
    const t0 = performance.now();
    const response = await graphql(gateway, LOG_IN, { email: variant.email(), password: `Wrong-${randomBytes(8).toString('hex')}` });
    const elapsed = performance.now() - t0;
    const error = response.errors?.[0];
    if (!error || response.data?.logIn) throw new Error(`a failed log-in was expected, got ${JSON.stringify(response.data)}`);
    const answer = `${String(error.extensions?.code)}: ${error.message}`;
    if (!answer.startsWith('UNAUTHENTICATED')) throw new Error(`expected UNAUTHENTICATED, got ${answer}`);
    variant.answers.add(answer);
    // The first turns of each warm the path (argon2 parameters, connections); not counted.
    if (turn >= 2 * variants.length) variant.times.push(elapsed);
  }
  const [unknown, known] = variants.map((v) => ({ name: v.name, latencies: summarize(v.times), answers: v.answers }));
  if (!unknown || !known) throw new Error('unreachable');
  return [unknown, known];
}

function failedLogInTable([unknown, known]: [FailedLogIns, FailedLogIns]): string {
  const header = ['failed logIn via gateway (1 client, sequential)', 'requests', 'p50 ms', 'p95 ms', 'p99 ms'];
  const row = (r: FailedLogIns) => [r.name, String(r.latencies.count), r.latencies.p50.toFixed(2), r.latencies.p95.toFixed(2), r.latencies.p99.toFixed(2)];
  const ratio = (a: number, b: number) => (a / b).toFixed(3);
  return formatTable(header, [
    row(unknown),
    row(known),
    ['ratio known / unknown', '', ratio(known.latencies.p50, unknown.latencies.p50), ratio(known.latencies.p95, unknown.latencies.p95), ratio(known.latencies.p99, unknown.latencies.p99)],
  ]);
}

async function main(): Promise<void> {
  console.log(`starting stack (auth, tenant, user, billing, instance, gateway); ${availableParallelism()} CPUs, ${PHASE_SECONDS} s per phase`);
  const stack = await TestStack.start({
    services: ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'],
    env: { LOG_LEVEL: 'warn', LOGIN_LIMIT_PER_EMAIL_AND_IP: '1000000', LOGIN_LIMIT_PER_EMAIL: '1000000', LOGIN_LIMIT_PER_IP: '1000000' },
  });
  try {
    const gateway = stack.gatewayUrl;
    const users = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const email = `bench-${i}-${randomBytes(4).toString('hex')}@example.test`;
        const password = `Bench-${randomBytes(12).toString('hex')}`;
        const token = dataOf(await graphql<{ signUp: { accessToken: string } }>(gateway, SIGN_UP, { input: { email, password, displayName: `Bench ${i}` } })).signUp.accessToken;
        return { email, password, token };
      }),
    );
    const user = (client: number) => {
      const found = users[client % users.length];
      if (!found) throw new Error('no bench user');
      return found;
    };
    // Warm up: JIT, connection pools, the gateway's JWKS cache.
    for (let i = 0; i < 3; i += 1) {
      await Promise.all(users.map((u) => post(gateway, LOG_IN, { email: u.email, password: u.password })));
      await Promise.all(users.map((u) => post(gateway, '{ me { id } }', {}, u.token)));
    }

    const logIn = (url: string) => (c: number) => post(url, LOG_IN, { email: user(c).email, password: user(c).password });
    const [viaGatewayLogIn] = await phase(CLIENTS, [{ name: 'logIn via gateway', request: logIn(gateway) }]);
    const [directLogIn] = await phase(CLIENTS, [{ name: 'logIn straight to auth', request: logIn(stack.url('auth', '/graphql')) }]);

    // `{ __typename }` is answered by the gateway itself: the only difference is verifying the token.
    const typename = (token: boolean) => (c: number) => post(gateway, '{ __typename }', {}, token ? user(c).token : undefined);
    const [noToken1, withToken1] = await phase(1, [
      { name: '{ __typename } gateway, no token', request: typename(false) },
      { name: '{ __typename } gateway, with token', request: typename(true) },
    ]);
    const [noToken8, withToken8] = await phase(CLIENTS, [
      { name: '{ __typename } gateway, no token', request: typename(false) },
      { name: '{ __typename } gateway, with token', request: typename(true) },
    ]);
    // The same authenticated query through the gateway and straight to the subgraph (which verifies too).
    const me = (url: string) => (c: number) => post(url, '{ me { id } }', {}, user(c).token);
    const [viaGateway, direct] = await phase(1, [
      { name: '{ me { id } } via gateway', request: me(gateway) },
      { name: '{ me { id } } straight to user', request: me(stack.url('user', '/graphql')) },
    ]);
    const verifier = await timeVerifier(stack, user(0).token);
    const failed = await failedLogIns(gateway, user(0).email, FAILED_LOGINS);

    const rows = [viaGatewayLogIn, directLogIn, noToken1, withToken1, noToken8, withToken8, viaGateway, direct].filter(
      (row): row is PhaseResult => row !== undefined,
    );
    console.log(`\n${table(rows)}\n`);
    console.log(`load: 1-minute load average at the end of each phase, on ${availableParallelism()} CPUs (anything else running shares them)`);
    console.log('token verification at the gateway (ES256 signature + Redis deny-list lookup):');
    console.log(`  in-process TokenVerifier.verify:          ${(verifier.perCall * 1000).toFixed(0)} µs/call (${verifier.calls} calls)`);
    if (noToken1 && withToken1) console.log(`  added latency, 1 client, p50:             ${(withToken1.p50 - noToken1.p50).toFixed(3)} ms/request`);
    if (noToken8 && withToken8) console.log(`  added latency, ${CLIENTS} clients, p50:            ${(withToken8.p50 - noToken8.p50).toFixed(3)} ms/request`);
    if (viaGateway && direct) console.log(`  gateway hop for { me } vs direct, p50:    ${(viaGateway.p50 - direct.p50).toFixed(3)} ms/request (planning, forwarding, 2nd verification in user)`);
    console.log(`\n${failedLogInTable(failed)}\n`);
    const answers = new Set([...failed[0].answers, ...failed[1].answers]);
    console.log(`answers to both kinds of failed log-in: ${[...answers].join(' | ')}${answers.size === 1 ? ' (identical)' : ' (DIFFERENT: the email leaks)'}`);
  } finally {
    await stack.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
