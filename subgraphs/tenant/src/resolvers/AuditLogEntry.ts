import type { AuditLogEntryResolvers } from '../__generated__/resolvers-types';
import { userReference } from './user-reference';

export const AuditLogEntry: AuditLogEntryResolvers = {
  actor: (entry) => (entry.actorUserId ? userReference(entry.actorUserId) : null),
  at: (entry) => entry.at.toISOString(),
};
