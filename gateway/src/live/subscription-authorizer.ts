import type { Viewer } from '@saas/auth';
import { type Role, roleAtLeast, type TenantAuthorizer } from '@saas/authz';
import { GraphQLError } from 'graphql';
import type { SupergraphFetch } from './event-executor';
import type { LiveField } from './live-subscription';

export interface AuthorizedTarget {
  tenantId: string;
  role: 'OWNER' | 'ADMIN' | 'MEMBER';
  instanceId: string | null;
  operationId: string | null;
}

const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

/**
 * Checks at subscribe time that the viewer may see what the subscription names: a member of
 * the tenant; for an instance or an operation, the subgraph that owns it decides (queried
 * through the supergraph as the viewer, so the same rule as every query applies).
 */
export async function authorizeSubscription(
  field: LiveField,
  args: Record<string, unknown>,
  viewer: Viewer,
  authorizer: Pick<TenantAuthorizer, 'accessOf'>,
  fetch: SupergraphFetch,
): Promise<AuthorizedTarget> {
  if (field === 'operationProgress') {
    const operationId = String(args.operationId);
    const result = await fetch('query($id: ID!) { instanceOperation(id: $id) { id instance { tenant { id } } } }', { id: operationId });
    if (result.errors?.length) throw toGraphQLError(result.errors[0]);
    const tenantId = (result.data as { instanceOperation: { instance: { tenant: { id: string } } } | null }).instanceOperation?.instance.tenant.id;
    if (!tenantId) throw forbidden('You cannot follow this operation.');
    const access = await authorizer.accessOf(viewer, tenantId);
    if (!access) throw forbidden('You are not a member of this tenant.');
    return { tenantId, role: access.role, instanceId: null, operationId };
  }
  if (field === 'instanceLogs') {
    // The instance subgraph decides whether the viewer may see the instance (FORBIDDEN for
    // another tenant's); the logs then need ADMIN or above in its tenant.
    const instanceId = String(args.instanceId);
    const result = await fetch('query($id: ID!) { instance(id: $id) { id tenant { id } } }', { id: instanceId });
    if (result.errors?.length) throw toGraphQLError(result.errors[0]);
    const tenantId = (result.data as { instance: { tenant: { id: string } } | null }).instance?.tenant.id;
    if (!tenantId) throw forbidden('You cannot see the logs of this instance.');
    const access = await authorizer.accessOf(viewer, tenantId);
    if (!access) throw forbidden('You are not a member of this tenant.');
    if (!mayReadLogs(access.role)) throw forbidden('Live logs are for ADMIN and above.');
    return { tenantId, role: access.role, instanceId, operationId: null };
  }
  const tenantId = String(args.tenantId);
  const access = await authorizer.accessOf(viewer, tenantId);
  if (!access) throw forbidden('You are not a member of this tenant.');
  const instanceId = typeof args.instanceId === 'string' ? args.instanceId : null;
  if (instanceId) {
    const result = await fetch('query($id: ID!) { instance(id: $id) { tenant { id } } }', { id: instanceId });
    if (result.errors?.length) throw toGraphQLError(result.errors[0]);
    const owner = (result.data as { instance: { tenant: { id: string } } | null }).instance?.tenant.id;
    if (owner !== tenantId) throw forbidden('This instance does not belong to the tenant.');
  }
  return { tenantId, role: access.role, instanceId, operationId: null };
}

/** Instance logs show what the server prints (requests, errors): ADMIN and above. */
export function mayReadLogs(role: Role): boolean {
  return roleAtLeast(role, 'ADMIN');
}

function toGraphQLError(error: { message: string; extensions?: Record<string, unknown> } | undefined): GraphQLError {
  return new GraphQLError(error?.message ?? 'Not allowed.', { extensions: error?.extensions ?? { code: 'FORBIDDEN' } });
}
