import type { InstanceDomainResolvers } from '../__generated__/resolvers-types';

export const InstanceDomain: InstanceDomainResolvers = {
  instance: (domain, _args, { queries }) => queries.instanceById(domain.instanceId),
  dnsTarget: async (domain, _args, { queries, domains }) => domains.dnsTarget(await queries.instanceById(domain.instanceId)),
};
