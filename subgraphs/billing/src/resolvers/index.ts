import type { Resolvers } from '../__generated__/resolvers-types';
import { BillingSubscription } from './BillingSubscription';
import { Invoice } from './Invoice';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Tenant } from './Tenant';
import { InstanceUsage, Usage } from './Usage';

export const resolvers: Resolvers = { Query, Mutation, Tenant, BillingSubscription, Invoice, Usage, InstanceUsage };
