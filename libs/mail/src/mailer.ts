import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@saas/logger';
import nodemailer, { type Transporter } from 'nodemailer';

/** One email, plain text with an optional HTML alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends email; resolves once the SMTP server (or the file) has accepted it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerConfig {
  /** `smtp://user:pass@host:port`; unset writes `.eml` files to `mailDir` instead. */
  smtpUrl?: string;
  from: string;
  logger: Logger;
  mailDir?: string;
}

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SEND_TIMEOUT_MS = 10_000;

export function createMailer(config: MailerConfig): Mailer {
  return config.smtpUrl ? new SmtpMailer(config.smtpUrl, config) : new FileMailer(config);
}

class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly config: MailerConfig,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
  }

  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.config.from, ...message });
    // The recipient and subject only: bodies carry single-use tokens.
    this.config.logger.info({ messageId: info.messageId, to: message.to, subject: message.subject }, 'email sent');
  }

  close(): void {
    this.transport.close();
  }
}

/** Development without SMTP: each message becomes a file a developer can open. */
class FileMailer implements Mailer {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  private readonly dir: string;

  constructor(private readonly config: MailerConfig) {
    this.dir = path.resolve(REPO_ROOT, config.mailDir ?? '.run/mail');
  }

  async send(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.config.from, ...message });
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
    await writeFile(file, info.message as Buffer, { mode: 0o600 });
    this.config.logger.info({ file, to: message.to, subject: message.subject }, 'email written to file (SMTP_URL unset)');
  }

  close(): void {
    this.transport.close();
  }
}
