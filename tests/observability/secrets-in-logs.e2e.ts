import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@saas/stack';
import { dataOf, graphql, instanceDatabasePassword, listEnvContainers, ODOO_DB_ADMIN_URL, SmtpSink, testDocker, TestStack } from '@saas/testing';
import { createInstance, signUp, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { subscribe, waitForResults } from '../support/live-client';
import { ACCEPT, INVITE } from '../tenancy/support';
import { type LogLine, parseLogLines, SERVICE_LOG_NAMES, type StrayLine } from './support/log-lines';

const AUTH_PAYLOAD = 'accessToken refreshToken user { id }';
type AuthPayload = { accessToken: string; refreshToken: string };

/** The single-use token of the link in a mail. */
function tokenInMail(text: string): string {
  const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no token link in mail:\n${text}`);
  return token;
}

/**
 * Every secret a user, the platform or an instance handles in a full run: none may reach a
 * log line of any process, whatever the level (the stack runs at debug here).
 */
describe('no secret in any log line', () => {
  let stack: TestStack;
  let mail: SmtpSink;
  // The platform's own secrets, set for this run (not the development defaults).
  const secretsKey = randomBytes(32).toString('base64');
  /** The one job of the run (the instance created below). */
  let job = { tenantId: '', instanceId: '', operationId: '' };
  const secrets = new Map<string, string>();
  const remember = (kind: string, value: string) => {
    expect(value.length).toBeGreaterThanOrEqual(8);
    secrets.set(`${kind} #${secrets.size}`, value);
  };
  const rememberSession = (kind: string, session: AuthPayload) => {
    remember(`${kind} access token`, session.accessToken);
    // The signature alone would be enough to forge nothing, but it is the token's secret part.
    remember(`${kind} access token signature`, session.accessToken.split('.')[2] ?? '');
    remember(`${kind} refresh token`, session.refreshToken);
  };

  beforeAll(async () => {
    mail = await SmtpSink.start();
    const smtp = { SMTP_URL: mail.url, PUBLIC_APP_URL: 'https://app.example.test' };
    stack = await TestStack.start({
      env: { LOG_LEVEL: 'debug', SECRETS_KEY: secretsKey },
      // Explicit, so the password checked below is the one the worker connects with.
      serviceEnv: { auth: smtp, tenant: smtp, worker: { ODOO_DB_ADMIN_URL } },
    });
  });

  afterAll(async () => {
    await stack?.teardown();
    await mail?.stop();
  });

  it('sign-up, verification, log-in, refresh, reset, invitation and an instance leave no secret in the logs', async () => {
    const gql = <T>(query: string, variables: Record<string, unknown>, token?: string) => graphql<T>(stack.gatewayUrl, query, variables, { token });

    const owner = await signUp(stack.gatewayUrl, 'owner');
    remember('password', owner.password);
    rememberSession('sign-up', owner);
    const verification = tokenInMail((await mail.waitForMailTo(owner.email)).text);
    remember('verification token', verification);
    dataOf(await gql('mutation($token: String!) { verifyEmail(token: $token) }', { token: verification }));

    const loggedIn = dataOf(
      await gql<{ logIn: AuthPayload }>(`mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { ${AUTH_PAYLOAD} } }`, {
        email: owner.email,
        password: owner.password,
      }),
    ).logIn;
    rememberSession('log-in', loggedIn);
    const refreshed = dataOf(
      await gql<{ refreshSession: AuthPayload }>(`mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${AUTH_PAYLOAD} } }`, {
        refreshToken: loggedIn.refreshToken,
      }),
    ).refreshSession;
    rememberSession('refresh', refreshed);
    // A refresh token used twice: reuse detection logs an incident, which must not name the token.
    await gql(`mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${AUTH_PAYLOAD} } }`, { refreshToken: loggedIn.refreshToken });
    // A wrong password is logged as a failed log-in, without the password tried.
    const wrongPassword = `wrong-${owner.password}`;
    remember('wrong password', wrongPassword);
    await gql(`mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { ${AUTH_PAYLOAD} } }`, { email: owner.email, password: wrongPassword });

    const member = await signUp(stack.gatewayUrl, 'member');
    remember('password', member.password);
    rememberSession('member sign-up', member);
    dataOf(await gql('mutation($email: String!) { requestPasswordReset(email: $email) }', { email: member.email }));
    const reset = tokenInMail((await mail.waitFor((m) => m.to.includes(member.email.toLowerCase()) && /reset/i.test(m.subject))).text);
    remember('reset token', reset);
    const newPassword = `Reset-${member.password}`;
    remember('new password', newPassword);
    dataOf(await gql('mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }', { token: reset, password: newPassword }));
    const memberSession = dataOf(
      await gql<{ logIn: AuthPayload }>(`mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { ${AUTH_PAYLOAD} } }`, {
        email: member.email,
        password: newPassword,
      }),
    ).logIn;
    rememberSession('member log-in', memberSession);

    // The reuse above signed the log-in's session family out; the sign-up session goes on.
    const current: TestUser = owner;
    const tenant = dataOf(
      await gql<{ createTenant: { id: string } }>('mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }', { input: { name: 'Leaks', slug: `leaks-${Date.now().toString(36)}` } }, current.accessToken),
    ).createTenant;
    dataOf(await gql(INVITE, { tenantId: tenant.id, email: member.email, role: 'ADMIN' }, current.accessToken));
    const invitation = tokenInMail((await mail.waitFor((m) => m.to.includes(member.email.toLowerCase()) && /invited/i.test(m.subject))).text);
    remember('invitation token', invitation);
    dataOf(await gql(ACCEPT, { token: invitation }, memberSession.accessToken));

    // A live subscription: the access token travels in graphql-ws's connection_init payload.
    const liveSession = dataOf(
      await gql<{ logIn: AuthPayload }>(`mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { ${AUTH_PAYLOAD} } }`, {
        email: owner.email,
        password: owner.password,
      }),
    ).logIn;
    rememberSession('live (connection_init)', liveSession);
    const live = subscribe(
      stack.gatewayWsUrl,
      liveSession.accessToken,
      'subscription($tenantId: ID!) { instanceStatusChanged(tenantId: $tenantId) { instance { id status } } }',
      { tenantId: tenant.id },
    );
    try {
      const operation = dataOf(await createInstance(stack.gatewayUrl, current, { tenantId: tenant.id })).createInstance;
      job = { tenantId: tenant.id, instanceId: operation.instance.id, operationId: operation.id };
      await waitForInstanceStatus(stack.gatewayUrl, current, job.instanceId, 'RUNNING');
      // The gateway's live layer authenticated the socket and delivered the changes.
      const results = await waitForResults(live, 1);
      expect(results[0]?.errors).toBeUndefined();
    } finally {
      await live.dispose();
    }
    // The instance's database password and Odoo master password, as the container has them.
    const [container] = await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': job.instanceId });
    const odoo = testDocker().getContainer(container!.Id);
    remember('instance database password', await instanceDatabasePassword(container!.Id));
    const conf = await readStream(await odoo.getArchive({ path: '/etc/odoo/odoo.conf' }));
    remember('Odoo admin password', /admin_passwd\s*=\s*(\S+)/.exec(conf)![1]!);
    // The platform's own database passwords (connection URLs are easy to log by mistake).
    for (const url of Object.values(stack.databaseUrls)) remember('service database password', decodeURIComponent(new URL(url).password));
    // The worker's Odoo database server admin (it creates every instance's database and role).
    remember('Odoo database admin password', decodeURIComponent(new URL(stack.env('worker').ODOO_DB_ADMIN_URL ?? ODOO_DB_ADMIN_URL).password));
    remember('SECRETS_KEY', secretsKey);
    remember('SECRETS_KEY (hex)', Buffer.from(secretsKey, 'base64').toString('hex'));
    // The broker password: the local RabbitMQ is the well-known guest/guest, which is no
    // secret and too short to search for without false hits; any other one is checked.
    const amqpPassword = decodeURIComponent(new URL(stack.layout.shared.AMQP_URL ?? '').password);
    if (amqpPassword !== 'guest') remember('AMQP password', amqpPassword);

    // Let the last asynchronous lines (events applied, relays, consumers) be written.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const output = stack.allOutput();
    expect(output.split('\n').filter((line) => line.includes('"trace_id"')).length).toBeGreaterThan(10);
    const leaked = [...secrets].filter(([, value]) => output.includes(value)).map(([kind]) => kind);
    expect(leaked).toEqual([]);
  });

  it('every output line of every process is a JSON log object naming its service', () => {
    // The run above went through every process, at debug level: all of it is checked.
    // Nothing is skipped: Node warnings or a library's console output would be strays.
    const strays: StrayLine[] = [];
    const byService = new Map<ServiceName, LogLine[]>();
    for (const [service, process] of stack.processes) {
      const parsed = parseLogLines(process.output(), SERVICE_LOG_NAMES[service]);
      strays.push(...parsed.strays);
      byService.set(service, parsed.lines);
      expect({ service, lines: parsed.lines.length > 0 }).toEqual({ service, lines: true });
    }
    expect(strays).toEqual([]);
    for (const lines of byService.values()) {
      for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
    }
  });

  it("the worker's job step lines name the tenant, the instance and the operation", () => {
    const { lines } = parseLogLines(stack.process('worker').output(), SERVICE_LOG_NAMES.worker);
    const steps = lines.filter((line) => typeof line.step === 'string');
    expect(steps.map((line) => line.step)).toEqual(expect.arrayContaining(['started', 'image', 'database', 'container']));
    expect(job.instanceId).not.toBe('');
    for (const line of steps) expect(line).toEqual(expect.objectContaining({ ...job, type: 'CREATE' }));
  });
});

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
