import type { InstanceUsageResolvers, UsageResolvers } from '../__generated__/resolvers-types';

export const Usage: UsageResolvers = {
  period: (report) => report.period.key,
  instanceSeconds: (report) => report.totalSeconds,
  instanceHours: (report) => report.hours,
  periodStart: (report) => report.period.start.toISOString(),
  periodEnd: (report) => report.period.end.toISOString(),
};

export const InstanceUsage: InstanceUsageResolvers = {
  instance: (usage) => ({ __typename: 'Instance', id: usage.instanceId }),
};
