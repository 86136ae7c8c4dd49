import type { Logger } from '@saas/logger';
import type { Mailer, MailMessage } from '@saas/mail';

/**
 * Sends after the response: the answer must not depend on (or reveal, through its timing)
 * whether a mail went out, and an SMTP hiccup must not fail a committed change. Failures
 * are logged without the body, which carries a token.
 */
export function sendInBackground(deps: { mailer: Mailer; logger: Logger }, message: MailMessage): void {
  deps.mailer.send(message).catch((error: unknown) => {
    deps.logger.error({ err: error, to: message.to, subject: message.subject }, 'could not send email');
  });
}
