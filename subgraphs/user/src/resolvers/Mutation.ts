import { requireViewer } from '@saas/auth';
import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  updateProfile: (_parent, { input }, { identity, profiles }) => profiles.update(requireViewer(identity).userId, input),
};
