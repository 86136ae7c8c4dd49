import { requireViewer } from '@saas/auth';
import type { MutationResolvers } from '../__generated__/resolvers-types';

export const Mutation: MutationResolvers = {
  signUp: (_parent, { input }, { accounts, clientIp }) => accounts.signUp(input, clientIp),
  logIn: (_parent, { email, password }, { accounts, clientIp }) => accounts.logIn(email, password, clientIp),
  refreshSession: (_parent, { refreshToken }, { sessions }) => sessions.refresh(refreshToken),
  logOut: (_parent, { refreshToken }, { identity, sessions }) => {
    // A presented but refused access token is an error, not an anonymous log-out.
    if (identity.error) throw identity.error;
    return sessions.logOut(identity.viewer, refreshToken);
  },
  logOutEverywhere: (_parent, _args, { identity, sessions }) => sessions.logOutEverywhere(requireViewer(identity)),
  changePassword: (_parent, { currentPassword, newPassword }, { identity, accounts, clientIp }) =>
    accounts.changePassword(requireViewer(identity), currentPassword, newPassword, clientIp),
  requestPasswordReset: (_parent, { email }, { passwordResets, clientIp }) => passwordResets.request(email, clientIp),
  resetPassword: (_parent, { token, newPassword }, { passwordResets, clientIp }) => passwordResets.reset(token, newPassword, clientIp),
  verifyEmail: (_parent, { token }, { emailVerification }) => emailVerification.verify(token),
  requestEmailVerification: (_parent, _args, { identity, emailVerification }) => emailVerification.request(requireViewer(identity)),
};
