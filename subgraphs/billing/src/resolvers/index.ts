import type { Resolvers } from '../__generated__/resolvers-types';
import { BillingSubscription } from './BillingSubscription';
import { Query } from './Query';
import { Tenant } from './Tenant';

export const resolvers: Resolvers = { Query, Tenant, BillingSubscription };
