import type { Resolvers } from '../__generated__/resolvers-types';
import { AuditLogEntry } from './AuditLogEntry';
import { Invitation } from './Invitation';
import { Membership } from './Membership';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Tenant } from './Tenant';
import { User } from './User';

export const resolvers: Resolvers = { Query, Mutation, Tenant, Membership, Invitation, AuditLogEntry, User };
