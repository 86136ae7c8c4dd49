import { open, stat } from 'node:fs/promises';
import type { EdgeActivity } from '@saas/contracts';

const MAX_READ_BYTES = 8 * 1024 * 1024;

/**
 * Idleness from Caddy's own access log (JSON lines): each round reads what was appended since
 * the last one and keeps, per instance, the time of its last request. A log rolled over (it got
 * shorter) is read again from its start. Counting begins when the edge starts.
 */
export class AccessLogActivity {
  private readonly since = new Date().toISOString();
  private readonly lastRequestAt = new Map<string, number>();
  private offset: number | undefined;
  private partial = '';

  constructor(private readonly file: string) {}

  activity(): EdgeActivity {
    return { since: this.since, lastRequestAt: Object.fromEntries([...this.lastRequestAt].map(([id, at]) => [id, new Date(at).toISOString()])) };
  }

  /** Reads the new lines; `instanceOf` maps a request host (no port) to its instance. */
  async read(instanceOf: (host: string) => string | undefined): Promise<void> {
    const size = await stat(this.file).then((s) => s.size, () => undefined);
    if (size === undefined) return;
    if (this.offset === undefined || size < this.offset) {
      // First look: older requests do not count. Rolled over: the new file is all new.
      this.offset = this.offset === undefined ? size : 0;
      this.partial = '';
      if (this.offset === size) return;
    }
    const length = Math.min(size - this.offset, MAX_READ_BYTES);
    if (length <= 0) return;
    const handle = await open(this.file, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.record(line, instanceOf);
    } finally {
      await handle.close();
    }
  }

  private record(line: string, instanceOf: (host: string) => string | undefined): void {
    try {
      const entry = JSON.parse(line) as { ts?: number; request?: { host?: string } };
      const host = entry.request?.host?.replace(/:\d+$/, '').toLowerCase();
      const id = host ? instanceOf(host) : undefined;
      if (!id || typeof entry.ts !== 'number') return;
      const at = Math.round(entry.ts * 1000);
      if (at > (this.lastRequestAt.get(id) ?? 0)) this.lastRequestAt.set(id, at);
    } catch {
      // Not an access log line: ignored.
    }
  }
}
