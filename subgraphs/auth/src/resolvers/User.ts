import type { UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  // Batched: the gateway sends many references at once (a member list), one query loads them.
  __resolveReference: (reference, { accountViews }) => accountViews.load(reference.id),
};
