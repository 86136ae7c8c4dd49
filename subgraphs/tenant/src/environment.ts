import { amqpEnv, httpUrl, loadEnvOrExit, z } from '@saas/config';
import { mailEnv } from '@saas/mail';
import { subgraphEnv } from '@saas/subgraph';
import { DEFAULT_TENANT_QUOTAS, type TenantQuotas } from './domain/tenant-quotas';

export const environment = loadEnvOrExit('tenant-subgraph', {
  ...subgraphEnv('tenant', 4002),
  ...amqpEnv,
  ...mailEnv,
  /** Asked, with the viewer's token, for the viewer's email when an invitation is accepted. */
  AUTH_URL: httpUrl('http://127.0.0.1:4001/graphql'),
  /** Asked, with the viewer's token, whether a tenant still has instances before deleting it. */
  INSTANCE_URL: httpUrl('http://127.0.0.1:4005/graphql'),
  /** Live tenants one user may own; the next createTenant is QUOTA_EXCEEDED (maxTenantsPerUser). */
  MAX_TENANTS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_TENANT_QUOTAS.maxTenantsPerUser),
  /** Tenants (each with a free trial) one user may ever create; then QUOTA_EXCEEDED (maxTrialsPerUser). */
  MAX_TRIALS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_TENANT_QUOTAS.maxTrialsPerUser),
  /** Invitation mails one tenant may send per rolling hour; then TOO_MANY_REQUESTS. */
  INVITATIONS_PER_TENANT_PER_HOUR: z.coerce.number().int().min(1).default(DEFAULT_TENANT_QUOTAS.invitationsPerHour),
});

export function tenantQuotas(): TenantQuotas {
  return {
    maxTenantsPerUser: environment.MAX_TENANTS_PER_USER,
    maxTrialsPerUser: environment.MAX_TRIALS_PER_USER,
    invitationsPerHour: environment.INVITATIONS_PER_TENANT_PER_HOUR,
  };
}

export type TenantEnvironment = typeof environment;
