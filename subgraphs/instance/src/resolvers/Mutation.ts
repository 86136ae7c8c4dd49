import { requireViewer } from '@saas/auth';
import type { InstanceContext } from '../context';
import type { MutationResolvers } from '../__generated__/resolvers-types';

const actorOf = ({ identity, ip }: InstanceContext) => ({ viewer: requireViewer(identity), ip });

export const Mutation: MutationResolvers = {
  createInstance: (_parent, { input }, context) => context.commands.create(actorOf(context), input),
  startInstance: (_parent, { id }, context) => context.commands.command(actorOf(context), 'START', id),
  stopInstance: (_parent, { id }, context) => context.commands.command(actorOf(context), 'STOP', id),
  restartInstance: (_parent, { id }, context) => context.commands.command(actorOf(context), 'RESTART', id),
  deleteInstance: (_parent, { id }, context) => context.commands.command(actorOf(context), 'DELETE', id),
  backupInstance: (_parent, { id }, context) => context.commands.command(actorOf(context), 'BACKUP', id),
  hibernateInstance: (_parent, { id }, context) => context.commands.command(actorOf(context), 'HIBERNATE', id),
  setInstanceHibernation: (_parent, { id, disabled }, context) => context.commands.setHibernation(actorOf(context), id, disabled),
  restoreInstance: (_parent, { id, backupId }, context) => context.commands.command(actorOf(context), 'RESTORE', id, backupId),
  addInstanceDomain: (_parent, { instanceId, domain }, context) => context.domains.add(actorOf(context), instanceId, domain),
  verifyInstanceDomain: (_parent, { id }, context) => context.domains.verify(actorOf(context), id),
  removeInstanceDomain: (_parent, { id }, context) => context.domains.remove(actorOf(context), id),
  createStaging: (_parent, { input }, context) => context.commands.createStaging(actorOf(context), input),
  refreshStaging: (_parent, { id }, context) => context.commands.refreshStaging(actorOf(context), id),
  createImportUpload: (_parent, { tenantId }, context) => context.imports.createUpload(actorOf(context), tenantId),
  importInstance: (_parent, { input }, context) => context.imports.importInstance(actorOf(context), input),
  upgradeInstance: (_parent, { input }, context) => context.commands.upgrade(actorOf(context), input),
};
