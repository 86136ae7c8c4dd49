import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Orm } from '@saas/db';
import type { Logger } from '@saas/logger';
import type { Connection, Publisher } from 'rabbitmq-client';
import { contextOfHeaders, inSpan, startPublishSpan, withTraceHeaders } from './tracing';

export interface OutboxRelayConfig {
  orm: Orm;
  connection: Connection;
  logger: Logger;
  /** Rows published per transaction. */
  batchSize?: number;
  /** Fallback poll when nobody calls {@link OutboxRelay.wake} (other processes, restarts). */
  pollIntervalMs?: number;
}

/** One relay per database publishes at a time, so messages leave in the order they were written. */
const RELAY_LOCK_KEY = 727_001;
const SEND_TIMEOUT_MS = 5_000;

interface UnsentRow {
  id: string;
  exchange: string;
  routing_key: string;
  payload: unknown;
  headers: Record<string, string>;
}

/**
 * Publishes outbox rows with publisher confirms and marks a row sent only after the broker
 * confirmed it. While the broker is down rows wait and the relay retries with back-off.
 */
export class OutboxRelay {
  private readonly publisher: Publisher;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private failures = 0;

  constructor(private readonly config: OutboxRelayConfig) {
    this.publisher = config.connection.createPublisher({ confirm: true, maxAttempts: 1 });
  }

  start(): void {
    this.schedule(0);
  }

  /** Publishes soon; call after committing a transaction that wrote to the outbox. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.publisher.close();
  }

  /** Rows not yet confirmed by the broker (a metric and a test hook). */
  async backlog(): Promise<number> {
    const [row] = await this.config.orm.em
      .fork()
      .getConnection()
      .execute<{ count: string }[]>('select count(*) as count from outbox_messages where sent_at is null');
    return Number(row?.count ?? 0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    // Detached from the caller's trace (a request that woke the relay): each row's publish
    // joins the trace stored with that row instead.
    this.timer = setTimeout(context.bind(ROOT_CONTEXT, () => {
      this.running = this.drainUntilEmpty().finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else {
          const backoff = this.failures === 0 ? 0 : Math.min(250 * 2 ** this.failures, 5_000);
          this.schedule(Math.max(backoff, this.config.pollIntervalMs ?? 1_000));
        }
      });
    }), delayMs);
  }

  private async drainUntilEmpty(): Promise<void> {
    try {
      while (!this.stopped && this.config.connection.ready) {
        const published = await this.drainBatch();
        this.failures = 0;
        if (published < (this.config.batchSize ?? 100)) return;
      }
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1) this.config.logger.warn({ err: error }, 'outbox relay could not publish; will retry');
    }
  }

  /**
   * Publishes one batch in order and stops at the first row the broker did not confirm.
   * The rows confirmed before it are marked sent and the failure recorded in the same
   * commit; only then is the failure reported, so a later row failing never re-publishes
   * rows the broker already has.
   */
  private async drainBatch(): Promise<number> {
    const em = this.config.orm.em.fork();
    const batch = await em.transactional(async (tx): Promise<{ sent: number; failure?: { error: unknown } }> => {
      // tx.execute runs inside the transaction, so the lock lives exactly as long as it.
      const [lock] = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [RELAY_LOCK_KEY]);
      if (!lock?.locked) return { sent: 0 };
      const rows = await tx.execute<UnsentRow[]>(
        'select id, exchange, routing_key, payload, headers from outbox_messages where sent_at is null order by id limit ?',
        [this.config.batchSize ?? 100],
      );
      const sent: string[] = [];
      let failure: { error: unknown } | undefined;
      for (const row of rows) {
        try {
          await this.send(row);
          sent.push(row.id);
        } catch (error) {
          failure = { error };
          await tx.execute('update outbox_messages set publish_attempts = publish_attempts + 1, last_error = ? where id = ?', [
            String(error instanceof Error ? error.message : error).slice(0, 500),
            row.id,
          ]);
          break;
        }
      }
      if (sent.length > 0) {
        // knex expands an array bound to `?` into a list.
        await tx.execute('update outbox_messages set sent_at = now() where id in (?)', [sent]);
      }
      return { sent: sent.length, failure };
    });
    if (batch.failure) throw batch.failure.error;
    return batch.sent;
  }

  /**
   * Publishes in a span that continues the trace captured with the row (the request that
   * wrote it), so the consumer's span joins that trace through this one.
   */
  private async send(row: UnsentRow): Promise<void> {
    const { span, context: publishing } = startPublishSpan(row.exchange, row.routing_key, contextOfHeaders(row.headers));
    span.setAttribute('messaging.message.id', `outbox-${row.id}`);
    await context.with(publishing, () => inSpan(span, () => this.publish(row, withTraceHeaders(row.headers))));
  }

  private async publish(row: UnsentRow, headers: Record<string, unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.publisher.send(
          {
            exchange: row.exchange,
            routingKey: row.routing_key,
            headers,
            messageId: `outbox-${row.id}`,
            durable: true,
            contentType: 'application/json',
          },
          row.payload,
        ),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('broker did not confirm in time')), SEND_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
