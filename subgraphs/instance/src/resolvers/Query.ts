import { requireViewer } from '@saas/auth';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  instance: (_parent, { id }, { identity, queries }) => queries.instance(requireViewer(identity), id),
  instanceOperation: (_parent, { id }, { identity, queries }) => queries.operation(requireViewer(identity), id),
  backup: (_parent, { id }, { identity, queries }) => queries.backupFor(requireViewer(identity), id),
  instanceStatusHistory: (_parent, args, { identity, statusHistory }) => statusHistory.after(requireViewer(identity), args),
  odooVersions: (_parent, _args, { settings }) => [...settings.supportedVersions],
};
