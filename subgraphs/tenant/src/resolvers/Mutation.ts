import type { MutationResolvers } from '../__generated__/resolvers-types';
import { callerOf } from './caller';

export const Mutation: MutationResolvers = {
  createTenant: (_parent, { input }, context) => context.tenants.create(callerOf(context).caller, input),
  updateTenant: (_parent, { id, input }, context) => context.tenants.update(callerOf(context).caller, id, input),
  deleteTenant: (_parent, { id }, context) => {
    const { caller, viewer } = callerOf(context);
    return context.tenants.delete(caller, viewer, id);
  },
  inviteMember: (_parent, { tenantId, email, role }, context) => context.invitations.invite(callerOf(context).caller, tenantId, email, role),
  revokeInvitation: (_parent, { invitationId }, context) => context.invitations.revoke(callerOf(context).caller, invitationId),
  acceptInvitation: (_parent, { token }, context) => {
    const { caller, viewer } = callerOf(context);
    return context.invitations.accept(caller, viewer, token);
  },
  changeMemberRole: (_parent, { tenantId, userId, role }, context) =>
    context.members.changeRole(callerOf(context).caller, tenantId, userId, role),
  removeMember: (_parent, { tenantId, userId }, context) => context.members.remove(callerOf(context).caller, tenantId, userId),
  transferOwnership: (_parent, { tenantId, userId }, context) =>
    context.members.transferOwnership(callerOf(context).caller, tenantId, userId),
  leaveTenant: (_parent, { tenantId }, context) => context.members.leave(callerOf(context).caller, tenantId),
};
