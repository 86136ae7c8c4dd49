import { randomUUID } from 'node:crypto';
import { graphql, listEnvContainers, type TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, type TestTenant, type TestUser, uniqueSuffix, waitForInstanceStatus } from '../support/fixtures';

/** One create a client keeps submitting (same idempotency key, same input) until it is accepted. */
export interface TrackedCreate {
  key: string;
  operationIds: Set<string>;
  instanceId?: string;
  /** Error codes (or 'NETWORK') of the answers before it was accepted. */
  refusals: string[];
}

export interface FaultOutcome {
  accepted: number;
  completed: number;
  lost: number;
  /** Creates with more than one operation for their key, or more than one container, once settled. */
  duplicated: number;
  duplicatedOperations: number;
  extraContainers: number;
  /** Codes of the refused attempts the clients retried, e.g. SERVICE_UNAVAILABLE x 4. */
  refusals: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Submits a create and retries it with the same idempotency key, as a client told
 * SERVICE_UNAVAILABLE (or cut off) does, until it is accepted or `timeoutMs` passes.
 */
export async function submitCreate(stack: TestStack, owner: TestUser, tenant: TestTenant, timeoutMs = 180_000): Promise<TrackedCreate> {
  const tracked: TrackedCreate = { key: randomUUID(), operationIds: new Set(), refusals: [] };
  const input = { tenantId: tenant.id, subdomain: `chaos-${uniqueSuffix()}`, idempotencyKey: tracked.key };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await createInstance(stack.gatewayUrl, owner, input).catch(() => undefined);
    const operation = response?.data?.createInstance;
    if (operation) {
      tracked.operationIds.add(operation.id);
      tracked.instanceId = operation.instance.id;
      return tracked;
    }
    tracked.refusals.push(String(response?.errors?.[0]?.extensions?.code ?? (response ? `HTTP ${response.status}` : 'NETWORK')));
    await sleep(500);
  }
  return tracked;
}

/** The client asks once more with the same key: an accepted create answers the same operation. */
export async function replay(stack: TestStack, owner: TestUser, tenant: TestTenant, tracked: TrackedCreate): Promise<void> {
  // Replays must repeat the input exactly; the subdomain is not kept, so ask through the instance.
  const response = await graphql<{ instance: { subdomain: string } | null }>(
    stack.gatewayUrl,
    'query($id: ID!) { instance(id: $id) { subdomain } }',
    { id: tracked.instanceId },
    { token: owner.accessToken },
  );
  const subdomain = response.data?.instance?.subdomain;
  if (!subdomain) return;
  const again = await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, subdomain, idempotencyKey: tracked.key });
  const id = again.data?.createInstance.id;
  if (id) tracked.operationIds.add(id);
}

/** Tenants made before a fault, one per create (plan limits stay out of the way). */
export async function tenantsFor(stack: TestStack, owner: TestUser, count: number): Promise<TestTenant[]> {
  const tenants: TestTenant[] = [];
  for (let index = 0; index < count; index += 1) tenants.push(await createTenant(stack.gatewayUrl, owner, `Chaos ${index}`));
  return tenants;
}

/** Waits for every accepted create to be RUNNING; counts what was lost or done twice. */
export async function settle(stack: TestStack, owner: TestUser, tenants: TestTenant[], creates: TrackedCreate[]): Promise<FaultOutcome> {
  const accepted = creates.filter((create) => create.instanceId);
  let completed = 0;
  let duplicatedOperations = 0;
  let extraContainers = 0;
  await Promise.all(
    accepted.map(async (create, index) => {
      const tenant = tenants[creates.indexOf(create)] ?? tenants[index];
      const running = await waitForInstanceStatus(stack.gatewayUrl, owner, create.instanceId ?? '', 'RUNNING', 300_000).then(
        () => true,
        () => false,
      );
      if (running) completed += 1;
      if (tenant) await replay(stack, owner, tenant, create).catch(() => undefined);
      // A container a killed worker left behind is the reconciler's to remove: judge the settled state.
      const containers = await eventually(
        async () => {
          const found = await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': create.instanceId ?? '' });
          return found.length <= 1 ? found.length : undefined;
        },
        90_000,
        'one container per instance',
      ).catch(() => 2);
      if (create.operationIds.size > 1) duplicatedOperations += 1;
      if (containers > 1) extraContainers += 1;
    }),
  );
  const refusals: Record<string, number> = {};
  for (const code of creates.flatMap((create) => create.refusals)) refusals[code] = (refusals[code] ?? 0) + 1;
  return {
    accepted: accepted.length,
    completed,
    lost: creates.length - completed,
    duplicated: duplicatedOperations + extraContainers,
    duplicatedOperations,
    extraContainers,
    refusals,
  };
}
