import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@saas/logger';
import { SmtpSink } from '@saas/testing';
import { createMailer } from './mailer';

const logger = createLogger({ service: 'mail-test', level: 'silent' });

describe('mailer', () => {
  it('delivers to an SMTP server, with long links intact', async () => {
    const sink = await SmtpSink.start();
    const mailer = createMailer({ smtpUrl: sink.url, from: 'Platform <no-reply@example.test>', logger });
    try {
      const link = `https://app.example.test/invitations/accept?token=${'a'.repeat(90)}`;
      await mailer.send({ to: 'Someone@Example.test', subject: 'Hello', text: `Open ${link} now.` });
      const mail = await sink.waitForMailTo('someone@example.test');
      expect(mail.subject).toBe('Hello');
      expect(mail.text).toContain(link);
    } finally {
      mailer.close();
      await sink.stop();
    }
  });

  it('writes an .eml file when no SMTP server is configured', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mail-'));
    const mailer = createMailer({ from: 'no-reply@example.test', logger, mailDir: dir });
    try {
      await mailer.send({ to: 'a@example.test', subject: 'Filed', text: 'body' });
      const [file] = await readdir(dir);
      expect(file).toMatch(/\.eml$/);
      expect(await readFile(path.join(dir, file ?? ''), 'utf8')).toContain('Subject: Filed');
    } finally {
      mailer.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
