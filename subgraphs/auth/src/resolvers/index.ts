import type { Resolvers } from '../__generated__/resolvers-types';
import { Mutation } from './Mutation';
import { User } from './User';

export const resolvers: Resolvers = { Mutation, User };
