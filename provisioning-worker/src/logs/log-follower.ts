import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from '@saas/logger';
import type Docker from 'dockerode';
import { readContainerFile } from '../docker/archive';
import { DATABASE_PASSWORD_FILE } from '../docker/container-spec';
import { inspectContainer } from '../docker/containers';
import { demuxLogs } from '../docker/logs';
import { droppedMarker, LineRateLimit } from './line-rate-limit';
import type { LogStore } from './log-store';
import { maskSecrets, secretEnvValues } from './mask-secrets';

export interface FollowerDependencies {
  docker: Docker;
  store: LogStore;
  /** The instance's container name. */
  container: string;
  /** Lines per second passed on; above it lines are dropped with one marker line. */
  linesPerSecond: number;
  /** How many lines of history a new follower loads (the largest tail). */
  historyLines: number;
  /** Counts the engine's log streams this follower holds open (0 or 1). */
  streams: { opened(): void; closed(): void };
  logger: Logger;
}

/** `2026-12-04T01:02:03.123456789Z` (Docker's log timestamps) in nanoseconds. */
export function timestampNanos(stamp: string): bigint | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(stamp);
  if (!match) return undefined;
  const seconds = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) return undefined;
  return BigInt(seconds) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** Splits `<timestamp> <text>` as the engine writes it with `timestamps: true`. */
export function splitTimestamp(raw: string): { nanos: bigint; at: string; text: string } | undefined {
  const space = raw.indexOf(' ');
  const stamp = space < 0 ? raw : raw.slice(0, space);
  const nanos = timestampNanos(stamp);
  if (nanos === undefined) return undefined;
  return { nanos, at: new Date(Number(nanos / 1_000_000n)).toISOString(), text: space < 0 ? '' : raw.slice(space + 1) };
}

/**
 * Follows one instance's container log while someone watches it: its recent lines first
 * (into the list, not published), then every new line (published), masked and rate-bounded.
 * A container that stops is followed again when it runs; one that is replaced (an upgrade,
 * a restore) is followed from its first line.
 */
export class LogFollower {
  private stopped = false;
  private stream: Readable | undefined;
  private containerId: string | undefined;
  private lastNanos = 0n;
  private secrets: string[] = [];
  private writes: Promise<void> = Promise.resolve();
  private readonly limit: LineRateLimit;
  private flushTimer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly instanceId: string,
    private readonly deps: FollowerDependencies,
  ) {
    this.limit = new LineRateLimit(deps.linesPerSecond);
  }

  /** Loads the recent lines; resolves when they are in the list (then following goes on). */
  async start(): Promise<void> {
    await this.deps.store.resetRecent(this.instanceId);
    const info = await inspectContainer(this.deps.docker, this.deps.container);
    if (info) {
      this.adopt(info);
      const output = (await this.deps.docker
        .getContainer(info.Id)
        .logs({ stdout: true, stderr: true, timestamps: true, follow: false, tail: this.deps.historyLines })) as unknown as Buffer;
      const history = demuxFrames(Buffer.isBuffer(output) ? output : Buffer.from(String(output)));
      for (const { stream, raw } of history) this.take(stream, raw, false);
      await this.writes;
    }
    this.flushTimer = setInterval(() => {
      const dropped = this.limit.flush();
      if (dropped > 0) this.write('platform', new Date().toISOString(), droppedMarker(dropped, this.deps.linesPerSecond), true);
    }, 1_000);
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.flushTimer);
    this.stream?.destroy();
    await this.loop?.catch(() => undefined);
    await this.writes;
  }

  private async adopt(info: Docker.ContainerInspectInfo): Promise<void> {
    if (info.Id === this.containerId) return;
    // Another container than before (recreated): all of its log is new.
    this.containerId = info.Id;
    this.lastNanos = 0n;
    // The database password is a file, not in the environment (Odoo prints it at start).
    const password = await readContainerFile(this.deps.docker.getContainer(info.Id), DATABASE_PASSWORD_FILE).catch(() => undefined);
    this.secrets = [...secretEnvValues(info.Config.Env), ...(password ? [password.trim()] : [])];
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        const info = await inspectContainer(this.deps.docker, this.deps.container);
        if (info) {
          await this.adopt(info);
          await this.followOnce(info.Id);
        }
      } catch (error) {
        this.deps.logger.debug({ err: error, instanceId: this.instanceId }, 'log follow interrupted');
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  /** One follow stream; resolves when the engine ends it (container stopped or removed) or on stop. */
  private async followOnce(containerId: string): Promise<void> {
    const since = Number(this.lastNanos / 1_000_000_000n);
    const stream = (await this.deps.docker
      .getContainer(containerId)
      .logs({ stdout: true, stderr: true, timestamps: true, follow: true, since })) as unknown as Readable;
    if (this.stopped) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    this.deps.streams.opened();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.deps.docker.modem.demuxStream(stream, stdout, stderr);
    const lines = (name: 'stdout' | 'stderr', source: PassThrough) => {
      let partial = '';
      source.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        for (const raw of parts) this.take(name, raw, true);
      });
    };
    lines('stdout', stdout);
    lines('stderr', stderr);
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
    this.deps.streams.closed();
    this.stream = undefined;
  }

  private take(stream: 'stdout' | 'stderr', raw: string, live: boolean): void {
    const parsed = splitTimestamp(raw.replace(/\r$/, ''));
    if (!parsed || parsed.nanos <= this.lastNanos) return;
    this.lastNanos = parsed.nanos;
    if (live) {
      const { pass, droppedBefore } = this.limit.offer();
      if (droppedBefore > 0) this.write('platform', parsed.at, droppedMarker(droppedBefore, this.deps.linesPerSecond), true);
      if (!pass) return;
    }
    this.write(stream, parsed.at, maskSecrets(parsed.text, this.secrets), live);
  }

  /** Appends in order (one after the other): a line's number follows its place in the log. */
  private write(stream: 'stdout' | 'stderr' | 'platform', at: string, line: string, publish: boolean): void {
    this.writes = this.writes
      .then(() => this.deps.store.append(this.instanceId, { at, stream, line }, publish))
      .catch((error: unknown) => this.deps.logger.warn({ err: error, instanceId: this.instanceId }, 'log line not written to redis'));
  }
}

/** The frames of a multiplexed (non-TTY) log buffer, split into lines. */
function demuxFrames(buffer: Buffer): Array<{ stream: 'stdout' | 'stderr'; raw: string }> {
  const lines: Array<{ stream: 'stdout' | 'stderr'; raw: string }> = [];
  let offset = 0;
  let multiplexed = buffer.length >= 8 && (buffer[0] === 1 || buffer[0] === 2) && buffer[1] === 0;
  if (!multiplexed) {
    for (const raw of demuxLogs(buffer).split('\n')) if (raw) lines.push({ stream: 'stdout', raw });
    return lines;
  }
  const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  while (multiplexed && offset + 8 <= buffer.length) {
    const type = buffer[offset];
    const length = buffer.readUInt32BE(offset + 4);
    if (type !== 1 && type !== 2) {
      multiplexed = false;
      break;
    }
    const name = type === 1 ? 'stdout' : 'stderr';
    const parts = (pending[name] + buffer.subarray(offset + 8, offset + 8 + length).toString('utf8')).split('\n');
    pending[name] = parts.pop() ?? '';
    for (const raw of parts) lines.push({ stream: name, raw });
    offset += 8 + length;
  }
  for (const name of ['stdout', 'stderr'] as const) if (pending[name]) lines.push({ stream: name, raw: pending[name] });
  return lines;
}
