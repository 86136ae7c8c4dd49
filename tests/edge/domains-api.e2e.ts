import { dataOf, graphql, type GraphQLResponse, SmtpSink, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser } from '../support/fixtures';
import { addMember, firstError } from '../tenancy/support';

interface DomainNode {
  id: string;
  domain: string;
  status: string;
  dnsTarget: string;
  error: string | null;
  instance: { id: string };
}

const DOMAIN_FIELDS = 'id domain status dnsTarget error instance { id }';
const ADD = `mutation($instanceId: ID!, $domain: String!) { addInstanceDomain(instanceId: $instanceId, domain: $domain) { ${DOMAIN_FIELDS} } }`;
const REMOVE = 'mutation($id: ID!) { removeInstanceDomain(id: $id) }';
const DOMAINS = `query($id: ID!) { instance(id: $id) { url domains { ${DOMAIN_FIELDS} } } }`;
const AUDIT = 'query($id: ID!) { tenant(id: $id) { auditLog(first: 50) { edges { node { action targetType targetId actor { id } } } } } }';

/** The custom-domain API: validation, uniqueness, plan limit, roles, audit (no DNS, no edge here). */
describe('edge: custom domains API', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let owner: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let subdomain: string;
  const suffix = `${Date.now().toString(36)}`;

  const as = <T>(user: TestUser, query: string, variables: Record<string, unknown>) => graphql<T>(stack.gatewayUrl, query, variables, { token: user.accessToken });
  const add = (user: TestUser, domain: string, id = instanceId) => as<{ addInstanceDomain: DomainNode }>(user, ADD, { instanceId: id, domain });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({
      // No worker: the instance stays PENDING, which is all a domain needs to be added.
      services: ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'],
      serviceEnv: {
        tenant: { SMTP_URL: sink.url },
        instance: { CUSTOM_DOMAINS_PER_PLAN: 'default=2', EDGE_HTTPS_PORT: '8443' },
      },
    });
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner);
    const created = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
    instanceId = created.instance.id;
    subdomain = created.instance.subdomain;
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
  });

  it('adds a domain PENDING_VERIFICATION, normalized, with the CNAME target; Instance.url carries the edge port', async () => {
    const added = dataOf(await add(owner, ` ERP-${suffix}.Example.COM. `)).addInstanceDomain;
    expect(added).toMatchObject({
      domain: `erp-${suffix}.example.com`,
      status: 'PENDING_VERIFICATION',
      dnsTarget: `${subdomain}.odoo.localhost`,
      error: null,
      instance: { id: instanceId },
    });
    const idn = dataOf(await add(owner, `bücher-${suffix}.example`)).addInstanceDomain;
    expect(idn.domain).toMatch(new RegExp(`^xn--bcher-${suffix}-[a-z0-9]+\\.example$`));
    const { instance } = dataOf(await as<{ instance: { url: string; domains: DomainNode[] } }>(owner, DOMAINS, { id: instanceId }));
    expect(instance.url).toBe(`https://${subdomain}.odoo.localhost:8443`);
    expect(instance.domains.map((domain) => domain.domain)).toEqual([`erp-${suffix}.example.com`, idn.domain]);
  });

  it('refuses a third domain over the plan limit with QUOTA_EXCEEDED', async () => {
    const response = await add(owner, `third-${suffix}.example.com`);
    expect(firstError(response)).toMatchObject({ code: 'QUOTA_EXCEEDED' });
  });

  it.each([
    ['', 'EMPTY'],
    ['10.0.0.1', 'IP_ADDRESS'],
    ['2001:db8::1', 'IP_ADDRESS'],
    ['intranet', 'NOT_A_FQDN'],
    ['*.example.com', 'INVALID'],
    ['erp_x.example.com', 'INVALID'],
    ['shop.odoo.localhost', 'UNDER_BASE_DOMAIN'],
  ])('refuses %j with BAD_USER_INPUT, reason %s', async (domain, reason) => {
    const error = firstError(await add(owner, domain));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'domain', reason } });
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('a domain is unique platform-wide: another tenant cannot add it (CONFLICT, reason TAKEN)', async () => {
    const other = await signUp(stack.gatewayUrl, 'other');
    const otherTenant = await createTenant(stack.gatewayUrl, other, 'Other');
    const otherInstance = dataOf(await createInstance(stack.gatewayUrl, other, { tenantId: otherTenant.id })).createInstance.instance.id;
    const response = await add(other, `erp-${suffix}.example.com`, otherInstance);
    expect(firstError(response)).toMatchObject({ code: 'CONFLICT', extensions: { reason: 'TAKEN' } });
    // And nobody outside the tenant can touch this instance's domains.
    expect(firstError(await add(other, `mine-${suffix}.example.com`))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('needs ADMIN: a MEMBER reads domains but cannot add or remove them', async () => {
    const member = await signUp(stack.gatewayUrl, 'member');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, member, 'MEMBER');
    const { instance } = dataOf(await as<{ instance: { domains: DomainNode[] } }>(member, DOMAINS, { id: instanceId }));
    expect(instance.domains).toHaveLength(2);
    expect(firstError(await add(member, `member-${suffix}.example.com`))).toMatchObject({ code: 'FORBIDDEN', extensions: { requiredRole: 'ADMIN' } });
    expect(firstError(await as(member, REMOVE, { id: instance.domains[0]!.id }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('removes a domain, which frees the name, and audits who added and removed which domain', async () => {
    const before = dataOf(await as<{ instance: { domains: DomainNode[] } }>(owner, DOMAINS, { id: instanceId })).instance.domains;
    const target = before.find((domain) => domain.domain === `erp-${suffix}.example.com`)!;
    expect(dataOf(await as<{ removeInstanceDomain: boolean }>(owner, REMOVE, { id: target.id })).removeInstanceDomain).toBe(true);
    const after = dataOf(await as<{ instance: { domains: DomainNode[] } }>(owner, DOMAINS, { id: instanceId })).instance.domains;
    expect(after.map((domain) => domain.id)).not.toContain(target.id);
    expect(firstError(await as(owner, REMOVE, { id: target.id }))).toMatchObject({ code: 'NOT_FOUND' });
    // Freed: it can be added again (the plan has room now).
    expect(dataOf(await add(owner, `erp-${suffix}.example.com`)).addInstanceDomain.status).toBe('PENDING_VERIFICATION');

    const actions = await eventually(async () => {
      const response: GraphQLResponse<{ tenant: { auditLog: { edges: Array<{ node: { action: string; targetId: string; actor: { id: string } | null } }> } } }> = await as(owner, AUDIT, { id: tenant.id });
      const entries = dataOf(response).tenant.auditLog.edges.map((edge) => edge.node).filter((node) => node.targetId === `erp-${suffix}.example.com`);
      return entries.length >= 3 ? entries : undefined;
    }, 30_000, 'domain audit entries');
    expect(actions.map((entry) => entry.action).sort()).toEqual(['instance.domain.add', 'instance.domain.add', 'instance.domain.remove']);
    expect(actions.every((entry) => entry.actor?.id === owner.id)).toBe(true);
  });
});
