import { randomUUID } from 'node:crypto';
import { dataOf, graphql, instanceDatabasePassword, listEnvContainers, SmtpSink, TestStack } from '@saas/testing';
import { scrape } from '../observability/support/prometheus';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { subscribe, type Subscriber } from '../support/live-client';
import { OWN_STANDIN_IMAGE, buildOwnStandinImage } from '../support/standin-image';
import { ACCEPT, INVITE, invitationTokenFor } from '../tenancy/support';

interface LogLine {
  instanceLogs: { at: string; stream: string; line: string };
}

const LOGS = 'subscription($id: ID!, $tail: Int) { instanceLogs(instanceId: $id, tail: $tail) { at stream line } }';
const LINES_PER_SECOND = 40;

/**
 * Subscription.instanceLogs against the real stack: the worker follows the container's log
 * only while someone watches (one follower however many viewers), lines go through Redis to
 * the gateway, secrets are masked, MEMBERs and other tenants are refused.
 */
describe('live logs of an instance', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let owner: TestUser;
  let member: TestUser;
  let stranger: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let directUrl: string;
  let databasePassword: string;
  const open: Array<Subscriber<LogLine>> = [];

  const watch = (user: TestUser, tail?: number) => {
    const subscriber = subscribe<LogLine>(stack.gatewayWsUrl, user.accessToken, LOGS, { id: instanceId, ...(tail === undefined ? {} : { tail }) });
    open.push(subscriber);
    return subscriber;
  };
  const lines = (subscriber: Subscriber<LogLine>) => subscriber.results.map((result) => result.data?.instanceLogs).filter((line) => !!line);
  const lineMatching = (subscriber: Subscriber<LogLine>, pattern: RegExp, what: string) =>
    eventually(async () => lines(subscriber).find((line) => pattern.test(line.line)), 30_000, what);
  const followers = async () => {
    const read = await scrape(stack.metricsUrl('worker'));
    return { followers: read('worker_live_log_followers', { kind: 'followers' }), streams: read('worker_live_log_followers', { kind: 'streams' }) };
  };

  const currentDirectUrl = async () =>
    dataOf(await graphql<{ instance: { directUrl: string } }>(stack.gatewayUrl, 'query($id: ID!) { instance(id: $id) { directUrl } }', { id: instanceId }, { token: owner.accessToken })).instance.directUrl;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({
      env: { ODOO_IMAGE: buildOwnStandinImage(OWN_STANDIN_IMAGE, ['16.0', '17.0', '18.0']) },
      serviceEnv: { tenant: { SMTP_URL: sink.url }, worker: { LOG_LINES_PER_SECOND: String(LINES_PER_SECOND), LOG_POLL_MS: '500' } },
    });
    owner = await signUp(stack.gatewayUrl, 'watcher');
    member = await signUp(stack.gatewayUrl, 'member');
    stranger = await signUp(stack.gatewayUrl, 'stranger');
    tenant = await createTenant(stack.gatewayUrl, owner);
    await createTenant(stack.gatewayUrl, stranger, 'Other');
    const before = sink.messages.length;
    dataOf(await graphql(stack.gatewayUrl, INVITE, { tenantId: tenant.id, email: member.email, role: 'MEMBER' }, { token: owner.accessToken }));
    dataOf(await graphql(stack.gatewayUrl, ACCEPT, { token: await invitationTokenFor(sink, member.email, before) }, { token: member.accessToken }));
    instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    directUrl = await currentDirectUrl();
    const [container] = await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId, 'saas.role': 'odoo' });
    databasePassword = await instanceDatabasePassword(container!.Id);
    expect(databasePassword.length).toBeGreaterThan(8);
  });

  afterAll(async () => {
    await Promise.all(open.map((subscriber) => subscriber.dispose().catch(() => undefined)));
    await stack?.teardown();
    await sink?.stop();
  });

  it('sends the last lines first (the start-up lines, the db password masked), then a request written by the container', async () => {
    const viewer = watch(owner, 1000);
    const config = await lineMatching(viewer, /database connection: .*db_password=/, 'the start-up configuration line in the tail');
    expect(config.line).toContain('db_password=********');
    expect(config.stream).toBe('stderr');
    expect(new Date(config.at).getTime()).not.toBeNaN();

    const marker = `probe-${randomUUID()}`;
    // httpd logs the path of a request (not its query): a path of its own, answered 404.
    await fetch(`${directUrl}/web/${marker}`);
    const request = await lineMatching(viewer, new RegExp(marker), 'the request line of the probe');
    expect(request.stream).toBe('stderr');
    expect(lines(viewer).some((line) => line.line.includes(databasePassword))).toBe(false);
  });

  it('tail: 3 sends exactly the last three lines before following', async () => {
    const viewer = watch(owner, 3);
    await eventually(async () => (lines(viewer).length >= 3 ? true : undefined), 30_000, 'three tail lines');
    // Nothing is written to the container meanwhile (no request), so the tail is all there is.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(lines(viewer)).toHaveLength(3);
    const marker = `after-tail-${randomUUID()}`;
    await fetch(`${directUrl}/web/${marker}`);
    await lineMatching(viewer, new RegExp(marker), 'a line after the tail');
  });

  it('refuses a tail above 1000 or below 0 (BAD_USER_INPUT), a MEMBER and another tenant (FORBIDDEN)', async () => {
    for (const [user, tail, code] of [
      [owner, 1001, 'BAD_USER_INPUT'],
      [owner, -1, 'BAD_USER_INPUT'],
      [member, 10, 'FORBIDDEN'],
      [stranger, 10, 'FORBIDDEN'],
    ] as const) {
      const refused = watch(user, tail);
      await refused.completed;
      expect(refused.results.map((result) => result.errors?.map((error) => error.extensions?.code))).toEqual([[code]]);
    }
  });

  it('operation steps arrive as platform lines', async () => {
    const viewer = watch(owner, 0);
    await eventually(async () => ((await followers()).followers >= 1 ? true : undefined), 30_000, 'a follower');
    dataOf(await graphql(stack.gatewayUrl, 'mutation($id: ID!) { restartInstance(id: $id) { id } }', { id: instanceId }, { token: owner.accessToken }));
    const step = await eventually(async () => lines(viewer).find((line) => line.stream === 'platform' && /^RESTART /.test(line.line)), 60_000, 'a RESTART platform line');
    expect(step.line).toMatch(/RESTART \d+%: /);
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    await lineMatching(viewer, /RESTART succeeded/, 'the end of the restart');
    // A restarted container may publish its port elsewhere.
    directUrl = await currentDirectUrl();
  });

  it(`drops lines above ${LINES_PER_SECOND} per second and says how many`, async () => {
    const viewer = watch(owner, 0);
    await eventually(async () => ((await followers()).followers >= 1 ? true : undefined), 30_000, 'a follower');
    // Each request is two lines (url, response): a burst far above the bound.
    await Promise.all(Array.from({ length: 150 }, (_, index) => fetch(`${directUrl}/web/burst-${index}`).then((response) => response.text())));
    const marker = await lineMatching(viewer, /\d+ lines? dropped \(more than 40 lines per second\)/, 'the dropped-lines marker');
    expect(marker.stream).toBe('platform');
  });

  it('one follower however many viewers; it stops (no follow stream left) once the last viewer left', async () => {
    await Promise.all(open.splice(0).map((subscriber) => subscriber.dispose()));
    await eventually(async () => ((await followers()).followers === 0 ? true : undefined), 30_000, 'no follower once nobody watches');
    const first = watch(owner, 1);
    const second = watch(owner, 1);
    await eventually(async () => (lines(first).length >= 1 && lines(second).length >= 1 ? true : undefined), 30_000, 'both viewers served');
    expect(await followers()).toEqual({ followers: 1, streams: 1 });
    await first.dispose();
    // The other viewer still watches: the follower stays.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await followers()).followers).toBe(1);
    await second.dispose();
    await eventually(async () => {
      const now = await followers();
      return now.followers === 0 && now.streams === 0 ? now : undefined;
    }, 30_000, 'the follower and its stream gone');
  });
});
