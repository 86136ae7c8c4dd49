import type { Resolvers } from '../__generated__/resolvers-types';
import { Backup } from './Backup';
import { CaughtMail } from './CaughtMail';
import { Instance } from './Instance';
import { InstanceDomain } from './InstanceDomain';
import { InstanceOperation } from './InstanceOperation';
import { InstanceStatusEvent } from './InstanceStatusEvent';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Tenant } from './Tenant';

export const resolvers: Resolvers = { Query, Mutation, Instance, InstanceOperation, InstanceStatusEvent, InstanceDomain, Backup, CaughtMail, Tenant };
