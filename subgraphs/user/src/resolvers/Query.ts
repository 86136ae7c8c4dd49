import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  me: (_parent, _args, { identity, profiles }) => {
    if (identity.error) throw identity.error;
    return identity.viewer ? profiles.get(identity.viewer.userId) : null;
  },
};
