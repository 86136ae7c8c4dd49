import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { dataOf, graphql, type GraphQLResponse, type TestStack } from '@saas/testing';
import { signUp, type TestUser, uniqueSuffix } from '../support/fixtures';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../..');

/** One operation through the gateway as `user` (or anonymously). */
export function as<TData = Record<string, unknown>>(stack: TestStack, user: TestUser | null, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<TData>> {
  return graphql<TData>(stack.gatewayUrl, query, variables, { token: user?.accessToken });
}

/** The first error's code and extensions. */
export function firstError(response: GraphQLResponse<unknown>): { code: unknown; message: string; extensions: Record<string, unknown> } {
  const error = response.errors?.[0];
  return { code: error?.extensions?.code, message: error?.message ?? '', extensions: error?.extensions ?? {} };
}

/** Runs a CLI of the repository with a service's environment of this stack (its database ...). */
async function cli(stack: TestStack, service: 'auth' | 'billing', script: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...stack.env(service) } });
  return stdout.trim();
}

/** `npm run billing:close-period -- ...` against this stack. */
export const closePeriod = (stack: TestStack, args: string[]) => cli(stack, 'billing', 'subgraphs/billing/src/cli/close-period.ts', args);
/** `npm run billing:dunning -- ...` against this stack. */
export const runDunning = (stack: TestStack, args: string[]) => cli(stack, 'billing', 'subgraphs/billing/src/cli/dunning.ts', args);

/** A platform operator: signs up, is granted staff by the auth CLI, and logs in again for a token with the claim. */
export async function staffUser(stack: TestStack): Promise<TestUser> {
  const user = await signUp(stack.gatewayUrl, 'staff');
  expect(await cli(stack, 'auth', 'subgraphs/auth/src/cli/staff.ts', ['grant', user.email])).toMatch(/is now staff/);
  const { logIn } = dataOf(
    await graphql<{ logIn: { accessToken: string; refreshToken: string } }>(
      stack.gatewayUrl,
      'mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { accessToken refreshToken } }',
      { email: user.email, password: user.password },
    ),
  );
  return { ...user, ...logIn };
}

export const PLAN_FIELDS =
  'code name priceCents currency interval maxInstances cpuMillicores memoryMb storageGb allowedOdooVersions backupRetentionDays includedInstanceHours overageCentsPerInstanceHour trialDays stagingLifetimeDays backupDailyKeep backupWeeklyKeep backupMonthlyKeep active';

export interface PlanInput {
  code: string;
  name: string;
  priceCents: number;
  currency: string;
  interval: string;
  maxInstances: number;
  cpuMillicores: number;
  memoryMb: number;
  storageGb: number;
  allowedOdooVersions: string[];
  backupRetentionDays: number;
  includedInstanceHours: number;
  overageCentsPerInstanceHour: number;
  trialDays: number;
}

export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    code: `e2e-${uniqueSuffix()}`,
    name: 'E2E Pro',
    priceCents: 4900,
    currency: 'EUR',
    interval: 'MONTH',
    maxInstances: 2,
    cpuMillicores: 500,
    memoryMb: 512,
    storageGb: 5,
    allowedOdooVersions: ['16.0', '17.0', '18.0'],
    backupRetentionDays: 7,
    includedInstanceHours: 1,
    overageCentsPerInstanceHour: 7,
    trialDays: 0,
    ...overrides,
  };
}

export const CREATE_PLAN = `mutation($input: PlanInput!) { createPlan(input: $input) { ${PLAN_FIELDS} } }`;
export const UPDATE_PLAN = `mutation($input: PlanInput!) { updatePlan(input: $input) { ${PLAN_FIELDS} } }`;
export const ARCHIVE_PLAN = `mutation($code: String!) { archivePlan(code: $code) { ${PLAN_FIELDS} } }`;
export const SUBSCRIPTION_FIELDS = 'id status currentPeriodStart currentPeriodEnd trialEndsAt canceledAt planStartedAt suspendedAt plan { code maxInstances } tenant { id }';
export const SUBSCRIBE = `mutation($tenantId: ID!, $planCode: String!) { subscribeTenant(tenantId: $tenantId, planCode: $planCode) { ${SUBSCRIPTION_FIELDS} } }`;
export const CANCEL = `mutation($tenantId: ID!) { cancelSubscription(tenantId: $tenantId) { ${SUBSCRIPTION_FIELDS} } }`;
export const BILLING = `query($id: ID!) { tenant(id: $id) { id status subscription { ${SUBSCRIPTION_FIELDS} }
  entitlements { planCode maxInstances cpuMillicores memoryMb storageGb allowedOdooVersions backupRetentionDays canCreateInstances stagingLifetimeDays backupDailyKeep backupWeeklyKeep backupMonthlyKeep } } }`;
export const USAGE = 'query($id: ID!, $period: String) { tenant(id: $id) { usage(period: $period) { period periodStart periodEnd instanceSeconds instanceHours instances { seconds instance { id } } } } }';
export const INVOICE_FIELDS = 'id number status currency periodStart periodEnd totalCents issuedAt dueAt paidAt voidedAt paymentProvider tenant { id } lines { kind description quantity unitAmountCents amountCents }';
export const INVOICES = `query($id: ID!, $status: InvoiceStatus, $first: Int, $after: String) { tenant(id: $id) { invoices(status: $status, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${INVOICE_FIELDS} } } } } }`;
export const MARK_PAID = `mutation($id: ID!) { markInvoicePaid(invoiceId: $id) { ${INVOICE_FIELDS} } }`;
export const VOID = `mutation($id: ID!) { voidInvoice(invoiceId: $id) { ${INVOICE_FIELDS} } }`;

export interface BillingView {
  tenant: {
    id: string;
    status: string;
    subscription: { id: string; status: string; planStartedAt: string; suspendedAt: string | null; trialEndsAt: string | null; canceledAt: string | null; plan: { code: string; maxInstances: number } };
    entitlements: { planCode: string; maxInstances: number; allowedOdooVersions: string[]; canCreateInstances: boolean };
  };
}

export interface InvoiceView {
  id: string;
  number: string;
  status: string;
  currency: string;
  periodStart: string;
  periodEnd: string;
  totalCents: number;
  issuedAt: string | null;
  dueAt: string | null;
  paidAt: string | null;
  paymentProvider: string;
  lines: Array<{ kind: string; description: string; quantity: number; unitAmountCents: number; amountCents: number }>;
}

/**
 * The test's own statement of the proration rule, written independently of the service:
 * the part of `price` for the span [from, periodEnd) of the month, in whole seconds, with
 * the part before `from` rounded half up.
 */
export function expectedProratedCharge(price: number, from: Date, periodStart: Date, periodEnd: Date): number {
  const total = BigInt(Math.floor((periodEnd.getTime() - periodStart.getTime()) / 1000));
  const before = BigInt(Math.floor((from.getTime() - periodStart.getTime()) / 1000));
  const roundedBefore = (2n * BigInt(price) * before + total) / (2n * total);
  return price - Number(roundedBefore);
}

/** The calendar month (UTC) of an instant, as the API names it. */
export function monthOf(at: Date): { key: string; start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { key: start.toISOString().slice(0, 7), start, end };
}
