import { requireViewer } from '@saas/auth';
import type { InstanceResolvers } from '../__generated__/resolvers-types';
import { platformHost, publicUrl } from '../services/instance-settings';

export const Instance: InstanceResolvers = {
  __resolveReference: (reference, { identity, queries }) => queries.instance(requireViewer(identity), reference.id),
  tenant: (instance) => ({ __typename: 'Tenant', id: instance.tenantId }),
  createdAt: (instance) => instance.createdAt.toISOString(),
  updatedAt: (instance) => instance.updatedAt.toISOString(),
  operations: (instance, { first }, { queries }) => queries.operationsOf(instance.id, first ?? 20),
  currentOperation: (instance, _args, { queries }) => queries.currentOperationOf(instance.id),
  backups: (instance, _args, { queries }) => queries.backupsOf(instance.id),
  domains: (instance, _args, { domains }) => domains.domainsOf(instance.id),
  // Same tenant as the copy (a copy is made inside its production's tenant): already authorized.
  stagingOf: (instance, _args, { queries }) => (instance.stagingOfId ? queries.instanceById(instance.stagingOfId) : null),
  stagings: (instance, _args, { queries }) => queries.stagingsOf(instance.id),
  stagingExpiresAt: (instance) => instance.stagingExpiresAt?.toISOString() ?? null,
  caughtMails: (instance, args, { queries }) => queries.caughtMailsOf(instance.id, args),
  // From the settings of now, not of the create: the edge's ports may have changed since.
  url: (instance, _args, { settings }) => publicUrl(settings, platformHost(settings, instance.subdomain)),
};
