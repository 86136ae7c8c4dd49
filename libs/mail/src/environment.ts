import { httpUrl, optionalUrl, z } from '@saas/config';

/**
 * Variables of every service that sends email. Without SMTP_URL, messages are written as
 * `.eml` files under MAIL_DIR (default `.run/mail`), so local development needs no server.
 */
export const mailEnv = {
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  MAIL_FROM: z.string().min(3).default('Odoo SaaS <no-reply@localhost>'),
  /** Where links in emails point: the console (served by the gateway) handles `/verify-email`, `/invitations/accept` ... */
  PUBLIC_APP_URL: httpUrl('http://localhost:4000'),
  MAIL_DIR: z.string().optional(),
};
