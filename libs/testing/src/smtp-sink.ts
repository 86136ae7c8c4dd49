import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An email as a test reads it: envelope recipients and decoded bodies. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it receives, so end-to-end
 * tests can follow links sent by email. Point a service at it with `SMTP_URL: sink.url`.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private readonly waiters = new Set<() => void>();

  private server: SMTPServer | undefined;
  private boundPort = 0;

  private constructor() {}

  /** `host`: where it listens; 127.0.0.1 unless containers must reach it (then e.g. 0.0.0.0). */
  static async start(options: { host?: string } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink();
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            sink.receive({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, options.host ?? '127.0.0.1', () => {
        const address = server.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    sink.server = server;
    sink.boundPort = port;
    return sink;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages sent to `address` (case-insensitive), oldest first. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  /** The first message (received now or later) that matches, or a rejection after `timeoutMs`. */
  async waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching email within ${timeoutMs} ms (${this.messages.length} received)`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
  }

  /** The first message to `address`, e.g. `(await sink.waitForMailTo(email)).text`. */
  waitForMailTo(address: string, timeoutMs?: number): Promise<ReceivedMail> {
    return this.waitFor((mail) => mail.to.includes(address.toLowerCase()), timeoutMs);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private receive(mail: ReceivedMail): void {
    this.messages.push(mail);
    for (const wake of [...this.waiters]) wake();
  }
}
