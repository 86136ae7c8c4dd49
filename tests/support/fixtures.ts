import { randomBytes } from 'node:crypto';
import { dataOf, graphql, type GraphQLResponse } from '@saas/testing';

/** A signed-up user, as a client holds it. */
export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export const uniqueSuffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Signs a new user up through the gateway (fixtures build state through the public API). */
export async function signUp(gatewayUrl: string, name = 'user'): Promise<TestUser> {
  const email = `${name}-${uniqueSuffix()}@example.test`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const data = dataOf(
    await graphql<{ signUp: { accessToken: string; refreshToken: string; user: { id: string } } }>(
      gatewayUrl,
      'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }',
      { input: { email, password, displayName: `Test ${name}` } },
    ),
  );
  return { id: data.signUp.user.id, email, password, accessToken: data.signUp.accessToken, refreshToken: data.signUp.refreshToken };
}

export interface TestTenant {
  id: string;
  slug: string;
}

export async function createTenant(gatewayUrl: string, owner: TestUser, name = 'Acme'): Promise<TestTenant> {
  const slug = `t-${uniqueSuffix()}`;
  const data = dataOf(
    await graphql<{ createTenant: TestTenant }>(
      gatewayUrl,
      'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id slug } }',
      { input: { name, slug } },
      { token: owner.accessToken },
    ),
  );
  return data.createTenant;
}

export interface QueuedOperation {
  id: string;
  type: string;
  status: string;
  instance: { id: string; status: string; subdomain: string };
}

export const OPERATION_FIELDS = 'id type status progress message error instance { id status subdomain }';

export function createInstance(
  gatewayUrl: string,
  user: TestUser,
  input: { tenantId: string; name?: string; subdomain?: string; odooVersion?: string; modules?: string[]; idempotencyKey?: string },
): Promise<GraphQLResponse<{ createInstance: QueuedOperation }>> {
  return graphql(
    gatewayUrl,
    `mutation($input: CreateInstanceInput!) { createInstance(input: $input) { ${OPERATION_FIELDS} } }`,
    { input: { name: 'Shop', subdomain: `shop-${uniqueSuffix()}`, odooVersion: '17.0', ...input } },
    { token: user.accessToken },
  );
}

/** Thrown inside an `eventually` check to stop waiting at once (the outcome cannot change). */
export class GiveUp extends Error {}

/** Polls `check` until it returns a value (not undefined), failing after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 120_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until an instance reaches `status` (and its operation is no longer running). */
export async function waitForInstanceStatus(gatewayUrl: string, user: TestUser, instanceId: string, status: string, timeoutMs = 180_000) {
  return eventually(
    async () => {
      const response = await graphql<{ instance: { id: string; status: string; statusMessage: string | null; currentOperation: { id: string } | null } }>(
        gatewayUrl,
        'query($id: ID!) { instance(id: $id) { id status statusMessage currentOperation { id } } }',
        { id: instanceId },
        { token: user.accessToken },
      );
      const instance = dataOf(response).instance;
      if (instance.status === 'FAILED' && status !== 'FAILED') throw new GiveUp(`instance FAILED: ${instance.statusMessage}`);
      return instance.status === status && !instance.currentOperation ? instance : undefined;
    },
    timeoutMs,
    `instance ${instanceId} to be ${status}`,
  );
}
