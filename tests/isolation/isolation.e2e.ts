import { buildSchema } from 'graphql';
import { dataOf, errorCodes, graphql, SmtpSink, TestStack } from '@saas/testing';
import { createInstance, createTenant, signUp, type TestTenant, type TestUser, uniqueSuffix, waitForInstanceStatus } from '../support/fixtures';
import { closePeriod } from '../billing/support';
import { subscribe } from '../support/live-client';
import { apiSchema, tenantScopedRootFields } from './tenant-scoped-fields';

/** Ids of tenant B's things, which a member of tenant A tries to reach. */
interface Victim {
  tenant: TestTenant;
  owner: TestUser;
  instanceId: string;
  operationId: string;
  backupId: string;
  invitationId: string;
  invoiceId: string;
  /** A custom domain of the victim's instance (edge). */
  domainId: string;
  /** The invoice's status before the attempts, to prove none of them changed it. */
  invoiceStatus: string;
}

interface Case {
  /** The operation, using the variables below. */
  document: string;
  variables: (victim: Victim, attacker: { user: TestUser; tenant: TestTenant }) => Record<string, unknown>;
  /**
   * What the rule (README, Security) prescribes for a non-member: FORBIDDEN for anything in a
   * foreign tenant, an existing object looked up by its own id included (default); `membership`
   * answers null for a tenant one is not in instead: that is its refusal.
   */
  refusal?: Refusal;
}

type Refusal = 'FORBIDDEN' | 'null';
const FORBIDDEN: Refusal = 'FORBIDDEN';

/**
 * One case per tenant-scoped root field of the supergraph. A field added to the schema with
 * a tenant or tenant-owned id and no case here makes the coverage test fail.
 */
const CASES: Record<string, Case> = {
  'Query.instance': { document: 'query($id: ID!) { instance(id: $id) { id name } }', variables: (v) => ({ id: v.instanceId }) },
  'Query.instanceStatusHistory': {
    document: 'query($tenantId: ID!, $instanceId: ID) { instanceStatusHistory(tenantId: $tenantId, instanceId: $instanceId) { totalCount edges { cursor } } }',
    variables: (v) => ({ tenantId: v.tenant.id, instanceId: v.instanceId }),
  },
  'Query.instanceOperation': { document: 'query($id: ID!) { instanceOperation(id: $id) { id status } }', variables: (v) => ({ id: v.operationId }) },
  'Query.tenant': { document: 'query($id: ID!) { tenant(id: $id) { id name members { role } } }', variables: (v) => ({ id: v.tenant.id }) },
  'Query.tenantBySlug': { document: 'query($slug: String!) { tenantBySlug(slug: $slug) { id name } }', variables: (v) => ({ slug: v.tenant.slug }) },
  'Query.membership': {
    document: 'query($tenantId: ID!) { membership(tenantId: $tenantId) { role tenant { id } } }',
    variables: (v) => ({ tenantId: v.tenant.id }),
    refusal: 'null',
  },
  'Mutation.subscribeTenant': {
    document: 'mutation($tenantId: ID!) { subscribeTenant(tenantId: $tenantId, planCode: "starter") { id } }',
    variables: (v) => ({ tenantId: v.tenant.id }),
  },
  'Mutation.cancelSubscription': { document: 'mutation($tenantId: ID!) { cancelSubscription(tenantId: $tenantId) { id } }', variables: (v) => ({ tenantId: v.tenant.id }) },
  'Mutation.markInvoicePaid': { document: 'mutation($id: ID!) { markInvoicePaid(invoiceId: $id) { id } }', variables: (v) => ({ id: v.invoiceId }) },
  'Mutation.voidInvoice': { document: 'mutation($id: ID!) { voidInvoice(invoiceId: $id) { id } }', variables: (v) => ({ id: v.invoiceId }) },
  'Mutation.createInstance': {
    document: 'mutation($input: CreateInstanceInput!) { createInstance(input: $input) { id } }',
    variables: (v) => ({ input: { tenantId: v.tenant.id, name: 'Intruder', subdomain: `intruder-${uniqueSuffix()}`, odooVersion: '17.0' } }),
  },
  'Mutation.startInstance': { document: 'mutation($id: ID!) { startInstance(id: $id) { id } }', variables: (v) => ({ id: v.instanceId }) },
  'Mutation.stopInstance': { document: 'mutation($id: ID!) { stopInstance(id: $id) { id } }', variables: (v) => ({ id: v.instanceId }) },
  'Mutation.restartInstance': { document: 'mutation($id: ID!) { restartInstance(id: $id) { id } }', variables: (v) => ({ id: v.instanceId }) },
  'Mutation.deleteInstance': { document: 'mutation($id: ID!) { deleteInstance(id: $id) { id } }', variables: (v) => ({ id: v.instanceId }) },
  'Mutation.backupInstance': { document: 'mutation($id: ID!) { backupInstance(id: $id) { id } }', variables: (v) => ({ id: v.instanceId }) },
  'Mutation.restoreInstance': {
    document: 'mutation($id: ID!, $backupId: ID!) { restoreInstance(id: $id, backupId: $backupId) { id } }',
    variables: (v) => ({ id: v.instanceId, backupId: v.backupId }),
  },
  'Mutation.hibernateInstance': { document: 'mutation($id: ID!) { hibernateInstance(id: $id) { id } }', variables: (v) => ({ id: v.instanceId }) },
  'Mutation.setInstanceHibernation': {
    document: 'mutation($id: ID!) { setInstanceHibernation(id: $id, disabled: true) { id } }',
    variables: (v) => ({ id: v.instanceId }),
  },
  'Mutation.addInstanceDomain': {
    document: 'mutation($id: ID!, $domain: String!) { addInstanceDomain(instanceId: $id, domain: $domain) { id } }',
    variables: (v) => ({ id: v.instanceId, domain: `pwned-${uniqueSuffix()}.example.com` }),
  },
  'Mutation.verifyInstanceDomain': { document: 'mutation($id: ID!) { verifyInstanceDomain(id: $id) { id } }', variables: (v) => ({ id: v.domainId }) },
  'Mutation.removeInstanceDomain': { document: 'mutation($id: ID!) { removeInstanceDomain(id: $id) }', variables: (v) => ({ id: v.domainId }) },
  'Query.backup': { document: 'query($id: ID!) { backup(id: $id) { id downloadUrl } }', variables: (v) => ({ id: v.backupId }) },
  'Mutation.upgradeInstance': {
    document: 'mutation($input: UpgradeInstanceInput!) { upgradeInstance(input: $input) { id } }',
    variables: (v) => ({ input: { instanceId: v.instanceId, odooVersion: '17.0' } }),
  },
  'Mutation.createStaging': {
    document: 'mutation($input: CreateStagingInput!) { createStaging(input: $input) { id } }',
    variables: (v) => ({ input: { instanceId: v.instanceId, name: 'Intruder copy', subdomain: `intruder-${uniqueSuffix()}` } }),
  },
  'Mutation.refreshStaging': { document: 'mutation($id: ID!) { refreshStaging(id: $id) { id } }', variables: (v) => ({ id: v.instanceId }) },
  'Mutation.createImportUpload': { document: 'mutation($tenantId: ID!) { createImportUpload(tenantId: $tenantId) { id uploadUrl } }', variables: (v) => ({ tenantId: v.tenant.id }) },
  'Mutation.importInstance': {
    document: 'mutation($input: ImportInstanceInput!) { importInstance(input: $input) { id } }',
    variables: (v) => ({
      input: { tenantId: v.tenant.id, uploadId: '00000000-0000-4000-8000-000000000000', name: 'Intruder', subdomain: `intruder-${uniqueSuffix()}`, odooVersion: '17.0' },
    }),
  },
  'Mutation.updateTenant': {
    document: 'mutation($id: ID!) { updateTenant(id: $id, input: { name: "Pwned" }) { id } }',
    variables: (v) => ({ id: v.tenant.id }),
  },
  'Mutation.deleteTenant': { document: 'mutation($id: ID!) { deleteTenant(id: $id) { id } }', variables: (v) => ({ id: v.tenant.id }) },
  'Mutation.inviteMember': {
    document: 'mutation($tenantId: ID!, $email: String!) { inviteMember(tenantId: $tenantId, email: $email, role: OWNER) { id } }',
    variables: (v, a) => ({ tenantId: v.tenant.id, email: a.user.email }),
  },
  'Mutation.revokeInvitation': { document: 'mutation($id: ID!) { revokeInvitation(invitationId: $id) { id } }', variables: (v) => ({ id: v.invitationId }) },
  'Mutation.changeMemberRole': {
    document: 'mutation($tenantId: ID!, $userId: ID!) { changeMemberRole(tenantId: $tenantId, userId: $userId, role: MEMBER) { role } }',
    variables: (v) => ({ tenantId: v.tenant.id, userId: v.owner.id }),
  },
  'Mutation.removeMember': {
    document: 'mutation($tenantId: ID!, $userId: ID!) { removeMember(tenantId: $tenantId, userId: $userId) }',
    variables: (v) => ({ tenantId: v.tenant.id, userId: v.owner.id }),
  },
  'Mutation.transferOwnership': {
    document: 'mutation($tenantId: ID!, $userId: ID!) { transferOwnership(tenantId: $tenantId, userId: $userId) { role } }',
    variables: (v, a) => ({ tenantId: v.tenant.id, userId: a.user.id }),
  },
  'Mutation.leaveTenant': { document: 'mutation($tenantId: ID!) { leaveTenant(tenantId: $tenantId) }', variables: (v) => ({ tenantId: v.tenant.id }) },
  'Subscription.instanceStatusChanged': {
    document: 'subscription($tenantId: ID!, $instanceId: ID) { instanceStatusChanged(tenantId: $tenantId, instanceId: $instanceId) { status } }',
    variables: (v) => ({ tenantId: v.tenant.id }),
  },
  'Subscription.instanceLogs': {
    document: 'subscription($id: ID!) { instanceLogs(instanceId: $id, tail: 10) { line } }',
    variables: (v) => ({ id: v.instanceId }),
  },
  'Subscription.operationProgress': {
    document: 'subscription($id: ID!) { operationProgress(operationId: $id) { id status } }',
    variables: (v) => ({ id: v.operationId }),
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Spellings PostgreSQL reads as the same UUID: each must be refused exactly like the canonical one. */
const ID_SPELLINGS: Array<[string, (id: string) => string]> = [
  ['in upper case', (id) => id.toUpperCase()],
  ['in braces', (id) => `{${id}}`],
  ['without hyphens', (id) => id.replace(/-/g, '')],
];

/** The variables with every UUID in them (at any depth) respelled. */
function respellIds(value: unknown, respell: (id: string) => string): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return UUID.test(v) ? respell(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value) as Record<string, unknown>;
}

describe('tenant isolation across the whole supergraph', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let attacker: { user: TestUser; tenant: TestTenant };
  let victim: Victim;

  const as = <T>(user: TestUser, query: string, variables: Record<string, unknown>) => graphql<T>(stack.gatewayUrl, query, variables, { token: user.accessToken });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({ serviceEnv: { tenant: { SMTP_URL: sink.url } } });
    const attackerUser = await signUp(stack.gatewayUrl, 'attacker');
    attacker = { user: attackerUser, tenant: await createTenant(stack.gatewayUrl, attackerUser, 'Tenant A') };
    const owner = await signUp(stack.gatewayUrl, 'victim');
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Tenant B');
    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
    await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');
    dataOf(await as(owner, 'mutation($id: ID!) { backupInstance(id: $id) { id } }', { id: operation.instance.id }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');
    const backups = dataOf(await as<{ instance: { backups: Array<{ id: string }> } }>(owner, 'query($id: ID!) { instance(id: $id) { backups { id } } }', { id: operation.instance.id }));
    const invitation = dataOf(
      await as<{ inviteMember: { id: string } }>(owner, 'mutation($t: ID!, $e: String!) { inviteMember(tenantId: $t, email: $e, role: MEMBER) { id } }', {
        t: tenant.id,
        e: `guest-${uniqueSuffix()}@example.test`,
      }),
    );
    const domain = dataOf(
      await as<{ addInstanceDomain: { id: string } }>(owner, 'mutation($id: ID!, $d: String!) { addInstanceDomain(instanceId: $id, domain: $d) { id } }', {
        id: operation.instance.id,
        d: `victim-${uniqueSuffix()}.example.com`,
      }),
    );
    victim = {
      domainId: domain.addInstanceDomain.id,
      tenant,
      owner,
      instanceId: operation.instance.id,
      operationId: operation.id,
      backupId: backups.instance.backups[0]?.id ?? '',
      invitationId: invitation.inviteMember.id,
      ...(await invoiceOf(stack, owner, tenant)),
    };
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
  });

  it('has a case for every root field that takes a tenant or tenant-owned id, and none for a field that is gone', () => {
    const scoped = tenantScopedRootFields(apiSchema());
    expect(scoped.filter((field) => !(field in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((field) => !scoped.includes(field))).toEqual([]);
  });

  it('detects a tenant-scoped field by its argument names too, whatever their scalar type', () => {
    const schema = buildSchema(`
      input Filter { tenantId: String }
      type Query {
        byString(tenantId: String!): Int
        byNumber(invoiceNumber: Int): Int
        bySubdomain(subdomain: String!): Int
        bySlug(tenantSlug: String!): Int
        inInput(filter: Filter): Int
        byEmail(email: String!, code: String): Int
      }
    `);
    expect(tenantScopedRootFields(schema)).toEqual(['Query.byNumber', 'Query.bySlug', 'Query.byString', 'Query.bySubdomain', 'Query.inInput']);
  });

  it.each(Object.entries(CASES).filter(([field]) => !field.startsWith('Subscription.')))(
    '%s refuses a member of tenant A using tenant B ids',
    async (field, testCase) => {
      const response = await as<Record<string, unknown>>(attacker.user, testCase.document, testCase.variables(victim, attacker));
      const name = field.split('.')[1] ?? '';
      expect(response.data?.[name] ?? null).toBeNull();
      if (testCase.refusal === 'null') {
        expect(response.errors).toBeUndefined();
      } else {
        expect(errorCodes(response)).toEqual([testCase.refusal ?? FORBIDDEN]);
      }
    },
  );

  const queriesAndMutations = Object.entries(CASES).filter(([field]) => !field.startsWith('Subscription.'));
  it.each(ID_SPELLINGS.flatMap(([spelling, respell]) => queriesAndMutations.map(([field, testCase]) => [field, spelling, respell, testCase] as const)))(
    '%s refuses tenant B ids written %s just the same',
    async (field, _spelling, respell, testCase) => {
      const response = await as<Record<string, unknown>>(attacker.user, testCase.document, respellIds(testCase.variables(victim, attacker), respell));
      expect(response.data?.[field.split('.')[1] ?? ''] ?? null).toBeNull();
      if (testCase.refusal === 'null') expect(response.errors).toBeUndefined();
      else expect(errorCodes(response)).toEqual([testCase.refusal ?? FORBIDDEN]);
    },
  );

  it.each(Object.entries(CASES).filter(([field]) => field.startsWith('Subscription.')))(
    '%s refuses tenant B ids written in upper case just the same',
    async (_field, testCase) => {
      const subscription = subscribe(stack.gatewayWsUrl, attacker.user.accessToken, testCase.document, respellIds(testCase.variables(victim, attacker), (id) => id.toUpperCase()));
      await subscription.completed;
      expect(subscription.results[0]?.errors?.map((error) => error.extensions?.code)).toEqual([testCase.refusal ?? FORBIDDEN]);
      await subscription.dispose();
    },
  );

  it.each(Object.entries(CASES).filter(([field]) => field.startsWith('Subscription.')))(
    '%s refuses a member of tenant A using tenant B ids',
    async (_field, testCase) => {
      const subscription = subscribe(stack.gatewayWsUrl, attacker.user.accessToken, testCase.document, testCase.variables(victim, attacker));
      await subscription.completed;
      expect(subscription.results).toHaveLength(1);
      expect(subscription.results[0]?.errors?.map((error) => error.extensions?.code)).toEqual([testCase.refusal ?? FORBIDDEN]);
      await subscription.dispose();
    },
  );

  it('refuses tenant A own subscription filtered on an instance of tenant B (an existing foreign object: FORBIDDEN)', async () => {
    const subscription = subscribe(stack.gatewayWsUrl, attacker.user.accessToken, CASES['Subscription.instanceStatusChanged']?.document ?? '', {
      tenantId: attacker.tenant.id,
      instanceId: victim.instanceId,
    });
    await subscription.completed;
    expect(subscription.results[0]?.errors?.map((error) => error.extensions?.code)).toEqual([FORBIDDEN]);
    await subscription.dispose();
  });

  it('left tenant B exactly as it was', async () => {
    const { tenant } = dataOf(
      await as<{ tenant: { name: string; members: Array<{ role: string; user: { id: string } }>; invitations: Array<{ id: string; status: string }>; subscription: { status: string; plan: { code: string } } } }>(
        victim.owner,
        'query($id: ID!) { tenant(id: $id) { name members { role user { id } } invitations { id status } subscription { status plan { code } } } }',
        { id: victim.tenant.id },
      ),
    );
    expect(tenant.name).toBe('Tenant B');
    expect(tenant.members).toEqual([{ role: 'OWNER', user: { id: victim.owner.id } }]);
    expect(tenant.invitations).toEqual([{ id: victim.invitationId, status: 'PENDING' }]);
    expect(tenant.subscription.plan.code).toBe('trial');
    const { tenant: billed } = dataOf(
      await as<{ tenant: { invoices: { edges: Array<{ node: { id: string; status: string } }> } } }>(victim.owner, 'query($id: ID!) { tenant(id: $id) { invoices { edges { node { id status } } } } }', {
        id: victim.tenant.id,
      }),
    );
    expect(billed.invoices.edges.map((edge) => edge.node)).toEqual([{ id: victim.invoiceId, status: victim.invoiceStatus }]);
    const { instance } = dataOf(await as<{ instance: { status: string; operations: Array<{ type: string }> } }>(victim.owner, 'query($id: ID!) { instance(id: $id) { status operations { type } } }', { id: victim.instanceId }));
    expect(instance.status).toBe('RUNNING');
    expect(instance.operations.map((op) => op.type)).toEqual(['BACKUP', 'CREATE']);
  });
});

/** An invoice of tenant B, made the way the platform makes them: closing the billing period. */
async function invoiceOf(stack: TestStack, owner: TestUser, tenant: TestTenant): Promise<{ invoiceId: string; invoiceStatus: string }> {
  const now = new Date();
  const period = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const afterPeriod = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 1)).toISOString();
  await closePeriod(stack, [period, '--now', afterPeriod]);
  const { tenant: billed } = dataOf(
    await graphql<{ tenant: { invoices: { edges: Array<{ node: { id: string; status: string } }> } } }>(
      stack.gatewayUrl,
      'query($id: ID!) { tenant(id: $id) { invoices { edges { node { id status } } } } }',
      { id: tenant.id },
      { token: owner.accessToken },
    ),
  );
  const invoice = billed.invoices.edges[0]?.node;
  if (!invoice) throw new Error('closing the period issued no invoice for tenant B');
  return { invoiceId: invoice.id, invoiceStatus: invoice.status };
}
