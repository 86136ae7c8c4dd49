import type { MailMessage } from '@saas/mail';

/** Builds the links of identity emails; the web app reads the token from the query string. */
export class IdentityMails {
  constructor(private readonly appUrl: string) {}

  verifyEmail(to: string, token: string, validHours: number): MailMessage {
    const link = this.link('/verify-email', token);
    return {
      to,
      subject: 'Confirm your email address',
      text: [
        'Welcome!',
        '',
        'Open this link to confirm your email address:',
        link,
        '',
        `The link works once and expires in ${validHours} hours. If you did not create an account, ignore this email.`,
      ].join('\n'),
    };
  }

  resetPassword(to: string, token: string, validHours: number): MailMessage {
    const link = this.link('/reset-password', token);
    return {
      to,
      subject: 'Reset your password',
      text: [
        'Someone (hopefully you) asked to reset the password of your account.',
        '',
        'Open this link to choose a new password:',
        link,
        '',
        `The link works once and expires in ${validHours} hour${validHours === 1 ? '' : 's'}. Setting a new password signs out every device.`,
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ].join('\n'),
    };
  }

  private link(pathname: string, token: string): string {
    const url = new URL(pathname, this.appUrl);
    url.searchParams.set('token', token);
    return url.toString();
  }
}
