import type { InvitationResolvers } from '../__generated__/resolvers-types';
import { invitationStatus } from '../services/invitation.service';
import { userReference } from './user-reference';

export const Invitation: InvitationResolvers = {
  tenant: (invitation, _args, { tenants }) => tenants.load(invitation.tenantId),
  status: (invitation) => invitationStatus(invitation),
  expiresAt: (invitation) => invitation.expiresAt.toISOString(),
  invitedBy: (invitation) => userReference(invitation.invitedBy),
};
