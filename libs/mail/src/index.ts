export { mailEnv } from './environment';
export { createMailer } from './mailer';
export type { MailerConfig, MailMessage, Mailer } from './mailer';
