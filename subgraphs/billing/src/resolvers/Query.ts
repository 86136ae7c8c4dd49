import type { QueryResolvers } from '../__generated__/resolvers-types';
import { Plan } from '../entities/plan.entity';

export const Query: QueryResolvers = {
  plans: (_parent, _args, { em }) => em.find(Plan, { active: true }, { orderBy: { priceCents: 'asc', code: 'asc' } }),
  plan: (_parent, { code }, { em }) => em.findOne(Plan, { code }),
};
