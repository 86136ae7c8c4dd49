import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import { derivedSecret, MAIL_CATCHER_PURPOSE } from '@saas/secrets';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { CaughtMail } from '../entities/caught-mail.entity';
import { Instance } from '../entities/instance.entity';
import { subjectOf } from '../domain/mail-headers';

/** Larger mails are refused: the catcher keeps what a mail was, not its attachments. */
const MAX_MAIL_BYTES = 25 * 1024 * 1024;
/** Only the header block is kept in memory to find the Subject. */
const MAX_HEADER_BYTES = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface MailCatcherOptions {
  em: EntityManager;
  secretsKey: Buffer;
  logger: Logger;
}

/**
 * The platform's SMTP mail catcher: every staging copy's outgoing mail server points here
 * (the worker writes it into the copy), logging in with the copy's instance id and a
 * password derived from SECRETS_KEY, so a copy can only file mail under its own name.
 * Each mail is accepted, its envelope and Subject kept as a `CaughtMail` of the instance,
 * and then dropped: nothing is ever relayed.
 */
export class MailCatcher {
  private readonly server: SMTPServer;

  constructor(private readonly options: MailCatcherOptions) {
    this.server = new SMTPServer({
      name: 'saas-mail-catcher',
      banner: 'mail catcher of the staging copies: mail is kept, never delivered',
      logger: false,
      disabledCommands: ['STARTTLS'],
      // Inside the platform's network only; TLS would protect nothing the network does not.
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      authOptional: false,
      size: MAX_MAIL_BYTES,
      onAuth: (auth, _session, callback) => {
        this.authenticate(auth.username ?? '', auth.password ?? '')
          .then((instanceId) => (instanceId ? callback(null, { user: instanceId }) : callback(new Error('Invalid username or password'))))
          .catch((error: Error) => callback(error));
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session)
          .then(() => callback())
          .catch((error: Error) => callback(error));
      },
    });
    this.server.on('error', (error) => this.options.logger.warn({ err: error }, 'mail catcher connection error'));
  }

  /** Listens on `host:port`; resolves with the port (useful with port 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.server.off('error', reject);
        const address = this.server.server.address();
        const bound = typeof address === 'object' && address ? address.port : port;
        this.options.logger.info({ host, port: bound }, 'mail catcher listening');
        resolve(bound);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The staging copy the login belongs to, or null. */
  private async authenticate(username: string, password: string): Promise<string | null> {
    if (!UUID.test(username)) return null;
    const expected = Buffer.from(derivedSecret(this.options.secretsKey, MAIL_CATCHER_PURPOSE, username.toLowerCase()));
    const given = Buffer.from(password);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const instance = await this.options.em.fork().findOne(Instance, { id: username.toLowerCase(), stagingOfId: { $ne: null } }, { fields: ['id'] });
    return instance ? instance.id : null;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const instanceId = typeof session.user === 'string' ? session.user : null;
    let header = Buffer.alloc(0);
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (header.length < MAX_HEADER_BYTES) header = Buffer.concat([header, chunk.subarray(0, MAX_HEADER_BYTES - header.length)]);
    }
    if (stream.sizeExceeded) throw Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 });
    if (!instanceId) throw Object.assign(new Error('Authentication required'), { responseCode: 530 });
    const em = this.options.em.fork();
    const instance = await em.findOneOrFail(Instance, { id: instanceId });
    const mail = em.create(CaughtMail, {
      id: randomUUID(),
      instanceId: instance.id,
      tenantId: instance.tenantId,
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      mailTo: session.envelope.rcptTo.map((recipient) => recipient.address),
      subject: subjectOf(header.toString('utf8')),
      sizeBytes: size,
      caughtAt: new Date(),
    });
    await em.persist(mail).flush();
    this.options.logger.info({ instanceId: instance.id, tenantId: instance.tenantId, recipients: mail.mailTo.length, sizeBytes: size }, 'mail caught');
  }
}
