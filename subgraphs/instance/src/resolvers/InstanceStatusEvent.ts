import type { InstanceStatusEventResolvers } from '../__generated__/resolvers-types';
import { statusCursorOf } from '../services/status-history';

export const InstanceStatusEvent: InstanceStatusEventResolvers = {
  instance: (change, _args, { queries }) => queries.instanceById(change.instanceId),
  at: (change) => change.at.toISOString(),
  cursor: (change) => statusCursorOf(change),
};
