import type { UserResolvers } from '../__generated__/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: (reference, { profileViews }) => profileViews.load(reference.id),
};
