import { requireViewer } from '@saas/auth';
import type { UserResolvers } from '../__generated__/resolvers-types';
import { userReference } from './user-reference';

export const User: UserResolvers = {
  __resolveReference: (reference) => userReference(reference.id),
  memberships: (user, _args, { identity, members }) => members.ofUser(user.id, requireViewer(identity).userId),
};
