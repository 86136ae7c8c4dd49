import type { Role } from '@saas/authz';
import type { MailMessage } from '@saas/mail';

/** The invitation email; the web app reads the token from the link and calls `acceptInvitation`. */
export function invitationMail(appUrl: string, invitation: { to: string; tenantName: string; role: Role; token: string; expiresAt: Date }): MailMessage {
  const url = new URL('/invitations/accept', appUrl);
  url.searchParams.set('token', invitation.token);
  return {
    to: invitation.to,
    subject: `You are invited to join ${invitation.tenantName}`,
    text: [
      `You have been invited to join ${invitation.tenantName} as ${invitation.role}.`,
      '',
      'Sign in (or create an account) with this email address, then open this link to accept:',
      url.toString(),
      '',
      `The link works once and expires on ${invitation.expiresAt.toUTCString()}.`,
      'If you did not expect this invitation, ignore this email.',
    ].join('\n'),
  };
}
