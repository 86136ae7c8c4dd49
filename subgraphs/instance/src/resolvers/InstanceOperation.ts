import { requireViewer } from '@saas/auth';
import { operationCursorOf } from '@saas/contracts';
import type { InstanceOperationResolvers } from '../__generated__/resolvers-types';

export const InstanceOperation: InstanceOperationResolvers = {
  __resolveReference: (reference, { identity, queries }) => queries.operation(requireViewer(identity), reference.id),
  instance: (operation, _args, { queries }) => queries.instanceById(operation.instanceId),
  createdAt: (operation) => operation.createdAt.toISOString(),
  startedAt: (operation) => operation.startedAt?.toISOString() ?? null,
  finishedAt: (operation) => operation.finishedAt?.toISOString() ?? null,
  cursor: (operation) => operationCursorOf(operation),
  backup: (operation, _args, { queries }) => (operation.backupId ? queries.backup(operation.backupId) : null),
};
