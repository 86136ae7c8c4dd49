import { dataOf, errorCodes, execInContainer, graphql, listEnvContainers, queryDatabase, queryOdooDb, SmtpSink, TestStack, testDocker } from '@saas/testing';
import { SUBSCRIBE } from '../billing/support';
import { OPERATION_FIELDS, type QueuedOperation, createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, uniqueSuffix, waitForInstanceStatus } from '../support/fixtures';
import { subscribe, type Subscriber } from '../support/live-client';
import { addMember } from '../tenancy/support';

interface StatusEvent {
  instanceStatusChanged: { status: string; instance: { id: string } };
}

interface CaughtMails {
  edges: Array<{ cursor: string; node: { id: string; from: string; to: string[]; subject: string; at: string } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const CREATE_STAGING = `mutation($input: CreateStagingInput!) { createStaging(input: $input) { ${OPERATION_FIELDS} } }`;
const REFRESH_STAGING = `mutation($id: ID!) { refreshStaging(id: $id) { ${OPERATION_FIELDS} } }`;
const STAGING_VIEW = `query($id: ID!) { instance(id: $id) { id status url subdomain directUrl stagingExpiresAt stagingOf { id } stagings { id }
  operations { type status } } }`;
const CAUGHT = 'query($id: ID!, $first: Int, $after: String) { instance(id: $id) { caughtMails(first: $first, after: $after) { edges { cursor node { id from to subject at } } pageInfo { hasNextPage endCursor } totalCount } } }';

const databaseOf = (instanceId: string) => `odoo_${instanceId.replace(/-/g, '')}`;
const DAY_MS = 24 * 60 * 60 * 1000;

describe('staging copies: a neutralized copy of production, mail caught, refreshed, expired', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let owner: TestUser;
  let member: TestUser;
  let tenant: TestTenant;
  let productionId: string;
  let stagingId: string;
  let productionLive: Subscriber<StatusEvent>;
  let productionStartedAt: string;

  const as = <T>(user: TestUser, query: string, variables: Record<string, unknown> = {}) => graphql<T>(stack.gatewayUrl, query, variables, { token: user.accessToken });
  const env = () => stack.layout.shared.SAAS_ENV ?? '';
  const odooContainer = async (instanceId: string) => {
    const containers = await listEnvContainers(env(), { 'saas.instance': instanceId, 'saas.role': 'odoo' });
    expect(containers).toHaveLength(1);
    return containers[0]!;
  };
  const logins = async (instanceId: string) =>
    (await queryOdooDb<{ login: string }>('select login from res_users order by login', [], databaseOf(instanceId))).map((row) => row.login);
  const parameter = async (instanceId: string, key: string) =>
    (await queryOdooDb<{ value: string }>('select value from ir_config_parameter where key = $1', [key], databaseOf(instanceId)))[0]?.value ?? null;
  const sendMail = async (instanceId: string, to: string, subject: string) =>
    execInContainer((await odooContainer(instanceId)).Id, ['odoo', 'send-mail', '--from', 'shop@example.test', '--to', to, '--subject', subject]);
  const view = async (id: string) =>
    dataOf(
      await as<{ instance: { id: string; status: string; url: string; subdomain: string; directUrl: string | null; stagingExpiresAt: string | null; stagingOf: { id: string } | null; stagings: Array<{ id: string }>; operations: Array<{ type: string; status: string }> } }>(
        owner,
        STAGING_VIEW,
        { id },
      ),
    ).instance;
  const caught = async (id: string, first?: number, after?: string) => dataOf(await as<{ instance: { caughtMails: CaughtMails } }>(owner, CAUGHT, { id, first, after })).instance.caughtMails;

  beforeAll(async () => {
    // The production instance's own mail server (a real SMTP server the containers reach).
    sink = await SmtpSink.start({ host: '0.0.0.0' });
    stack = await TestStack.start({ serviceEnv: { tenant: { SMTP_URL: sink.url }, worker: { RECONCILE_INTERVAL_MS: '1000' } } });
    owner = await signUp(stack.gatewayUrl, 'stager');
    member = await signUp(stack.gatewayUrl, 'member');
    tenant = await createTenant(stack.gatewayUrl, owner);
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, member, 'MEMBER');
    // The trial allows one instance; a staging copy is an instance too.
    dataOf(await as(owner, SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' }));
    productionId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, name: 'Production' })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, productionId, 'RUNNING');
    // Data written in production, and its outgoing mail server.
    await queryOdooDb("insert into res_users (login) values ('written-before-staging')", [], databaseOf(productionId));
    await queryOdooDb("insert into ir_mail_server (name, smtp_host, smtp_port, active, sequence) values ('Production SMTP', 'host.docker.internal', $1, true, 1)", [sink.port], databaseOf(productionId));
    productionStartedAt = (await testInspect(await odooContainer(productionId))).startedAt;
    productionLive = subscribe<StatusEvent>(
      stack.gatewayUrl.replace(/^http/, 'ws'),
      owner.accessToken,
      'subscription($tenantId: ID!, $instanceId: ID) { instanceStatusChanged(tenantId: $tenantId, instanceId: $instanceId) { status instance { id } } }',
      { tenantId: tenant.id, instanceId: productionId },
    );
  });

  afterAll(async () => {
    await productionLive?.dispose();
    await stack?.teardown();
    await sink?.stop();
  });

  it('production delivers its own mail through its mail server', async () => {
    const sent = await sendMail(productionId, 'customer@example.test', 'Hello from production');
    expect(sent.exitCode).toBe(0);
    await sink.waitFor((mail) => mail.subject === 'Hello from production');
  });

  it('a MEMBER cannot make or refresh a staging copy', async () => {
    const input = { instanceId: productionId, name: 'Member copy', subdomain: `member-${uniqueSuffix()}` };
    expect(errorCodes(await as(member, CREATE_STAGING, { input }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await as(member, REFRESH_STAGING, { id: productionId }))).toEqual(['FORBIDDEN']);
  });

  it('is validated like createInstance', async () => {
    expect(errorCodes(await as(owner, CREATE_STAGING, { input: { instanceId: productionId, name: ' ', subdomain: `ok-${uniqueSuffix()}` } }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await as(owner, CREATE_STAGING, { input: { instanceId: productionId, name: 'Copy', subdomain: 'www' } }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await as(owner, CREATE_STAGING, { input: { instanceId: productionId, name: 'Copy', subdomain: 'Not A Label' } }))).toEqual(['BAD_USER_INPUT']);
    const production = await view(productionId);
    expect(errorCodes(await as(owner, CREATE_STAGING, { input: { instanceId: productionId, name: 'Copy', subdomain: production.subdomain } }))).toEqual(['CONFLICT']);
  });

  it('createStaging: the operation (STAGING) belongs to the new copy; the same idempotency key returns it again', async () => {
    const input = { instanceId: productionId, name: 'Staging', subdomain: `staging-${uniqueSuffix()}`, idempotencyKey: `staging-${uniqueSuffix()}` };
    const { createStaging } = dataOf(await as<{ createStaging: QueuedOperation }>(owner, CREATE_STAGING, { input }));
    expect(createStaging).toMatchObject({ type: 'STAGING', status: 'QUEUED', instance: { subdomain: input.subdomain } });
    stagingId = createStaging.instance.id;
    expect(stagingId).not.toBe(productionId);
    const again = dataOf(await as<{ createStaging: QueuedOperation }>(owner, CREATE_STAGING, { input }));
    expect(again.createStaging.id).toBe(createStaging.id);
    expect(errorCodes(await as(owner, CREATE_STAGING, { input: { ...input, name: 'Other' } }))).toEqual(['CONFLICT']);
  });

  it('the copy is RUNNING with production data; stagingOf, stagings and stagingExpiresAt are right', async () => {
    await waitForInstanceStatus(stack.gatewayUrl, owner, stagingId, 'RUNNING');
    const copy = await view(stagingId);
    expect(copy.stagingOf).toEqual({ id: productionId });
    expect(copy.operations).toEqual([{ type: 'STAGING', status: 'SUCCEEDED' }]);
    const expiresIn = Date.parse(copy.stagingExpiresAt ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(6 * DAY_MS);
    expect(expiresIn).toBeLessThanOrEqual(7 * DAY_MS);
    const production = await view(productionId);
    expect(production.stagings).toEqual([{ id: stagingId }]);
    expect(production.stagingOf).toBeNull();
    expect(production.stagingExpiresAt).toBeNull();
    expect(copy.url).not.toBe(production.url);
    expect(await logins(stagingId)).toContain('written-before-staging');
  });

  it('the copy is neutralized: crons off, new uuid and secret, a visible marker, only the mail catcher active', async () => {
    const crons = async (id: string) => queryOdooDb<{ cron_name: string; active: boolean }>('select cron_name, active from ir_cron order by cron_name', [], databaseOf(id));
    expect((await crons(productionId)).every((cron) => cron.active)).toBe(true);
    expect(await crons(stagingId)).toEqual([
      { cron_name: 'Base: Auto-vacuum internal data', active: true },
      { cron_name: 'Base: Portal Users Deletion', active: false },
    ]);
    expect(await parameter(stagingId, 'database.uuid')).not.toBe(await parameter(productionId, 'database.uuid'));
    expect(await parameter(stagingId, 'database.secret')).not.toBe(await parameter(productionId, 'database.secret'));
    expect(await parameter(stagingId, 'database.is_neutralized')).toBe('true');
    expect(await parameter(productionId, 'database.is_neutralized')).toBeNull();
    const servers = await queryOdooDb<{ name: string; active: boolean }>('select name, active from ir_mail_server where active', [], databaseOf(stagingId));
    expect(servers.map((server) => server.name)).toEqual([expect.stringContaining('mail catcher')]);
    const { directUrl } = await view(stagingId);
    const login = await (await fetch(`${directUrl}/web/login`)).text();
    expect(login).toContain('Neutralized database');
  });

  it('a mail sent from the copy is caught (caughtMails, newest first, paged) and never delivered', async () => {
    const before = sink.messages.length;
    expect((await sendMail(stagingId, 'customer@example.test', 'First from staging')).exitCode).toBe(0);
    expect((await sendMail(stagingId, 'a@example.test,b@example.test', 'Second from staging')).exitCode).toBe(0);
    const all = await eventually(async () => {
      const page = await caught(stagingId);
      return page.totalCount === 2 ? page : undefined;
    }, 30_000, 'two caught mails');
    expect(all.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({ from: 'shop@example.test', to: ['a@example.test', 'b@example.test'], subject: 'Second from staging' }),
      expect.objectContaining({ from: 'shop@example.test', to: ['customer@example.test'], subject: 'First from staging' }),
    ]);
    const first = await caught(stagingId, 1);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await caught(stagingId, 1, first.pageInfo.endCursor ?? undefined);
    expect(second.edges.map((edge) => edge.node.subject)).toEqual(['First from staging']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(sink.messages.slice(before).filter((mail) => mail.subject.includes('staging'))).toEqual([]);
    expect((await caught(productionId)).totalCount).toBe(0);
  });

  it('refreshStaging copies production again into the copy, which keeps its URL and stays neutralized', async () => {
    expect(errorCodes(await as(owner, REFRESH_STAGING, { id: productionId }))).toEqual(['CONFLICT']);
    const { url } = await view(stagingId);
    await queryOdooDb("insert into res_users (login) values ('written-after-staging')", [], databaseOf(productionId));
    await queryOdooDb("insert into res_users (login) values ('written-in-staging')", [], databaseOf(stagingId));
    const { refreshStaging } = dataOf(await as<{ refreshStaging: QueuedOperation }>(owner, REFRESH_STAGING, { id: stagingId }));
    expect(refreshStaging).toMatchObject({ type: 'REFRESH_STAGING', instance: { id: stagingId } });
    await eventually(async () => ((await view(stagingId)).operations[0]?.status === 'SUCCEEDED' ? true : undefined), 180_000, 'the refresh');
    const copy = await view(stagingId);
    expect(copy).toMatchObject({ status: 'RUNNING', url });
    const refreshed = await logins(stagingId);
    expect(refreshed).toEqual(expect.arrayContaining(['written-before-staging', 'written-after-staging']));
    expect(refreshed).not.toContain('written-in-staging');
    expect(await parameter(stagingId, 'database.is_neutralized')).toBe('true');
    expect((await sendMail(stagingId, 'customer@example.test', 'After refresh')).exitCode).toBe(0);
    await eventually(async () => ((await caught(stagingId)).edges[0]?.node.subject === 'After refresh' ? true : undefined), 30_000, 'the mail caught after the refresh');
  });

  it('production stayed RUNNING throughout, untouched', async () => {
    const production = await view(productionId);
    expect(production.status).toBe('RUNNING');
    expect(production.operations).toEqual([{ type: 'CREATE', status: 'SUCCEEDED' }]);
    expect(productionLive.results.map((result) => result.data?.instanceStatusChanged.status)).toEqual([]);
    expect((await testInspect(await odooContainer(productionId))).startedAt).toBe(productionStartedAt);
    expect(await logins(productionId)).not.toContain('written-in-staging');
    expect(await parameter(productionId, 'database.is_neutralized')).toBeNull();
  });

  it('an expired copy is deleted by the reconciler, with its events', async () => {
    const live = subscribe<StatusEvent>(
      stack.gatewayUrl.replace(/^http/, 'ws'),
      owner.accessToken,
      'subscription($tenantId: ID!, $instanceId: ID) { instanceStatusChanged(tenantId: $tenantId, instanceId: $instanceId) { status instance { id } } }',
      { tenantId: tenant.id, instanceId: stagingId },
    );
    try {
      // Its lifetime ended (the clock moved on): what the reconciler sees after the plan's stagingLifetimeDays.
      await queryDatabase(stack.databaseUrls.instance ?? '', "update instances set staging_expires_at = now() - interval '1 minute' where id = $1", [stagingId]);
      await waitForInstanceStatus(stack.gatewayUrl, owner, stagingId, 'DELETED');
      await eventually(async () => (live.results.some((result) => result.data?.instanceStatusChanged.status === 'DELETED') ? true : undefined), 30_000, 'the DELETED event');
      expect((await view(productionId)).stagings).toEqual([]);
      expect(await listEnvContainers(env(), { 'saas.instance': stagingId })).toEqual([]);
      expect((await view(productionId)).status).toBe('RUNNING');
    } finally {
      await live.dispose();
    }
  });
});

async function testInspect(container: { Id: string }): Promise<{ startedAt: string }> {
  const info = await testDocker().getContainer(container.Id).inspect();
  return { startedAt: info.State.StartedAt };
}
