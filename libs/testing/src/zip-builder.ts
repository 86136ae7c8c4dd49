import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** One entry of a zip built by a test. */
export interface ZipEntrySpec {
  name: string;
  data?: string | Buffer;
  /** That many zero bytes, streamed (zip bombs without holding them in memory). */
  zeros?: number;
  /** A symbolic link to this target. */
  symlinkTo?: string;
}

const CHUNK = Buffer.alloc(1024 * 1024);

function zeros(size: number): Readable {
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      this.push(chunk);
    },
  });
}

/**
 * A zip made with yazl. `renames` rewrites entry names in the finished bytes (same length),
 * for names every zip writer refuses to produce (`../escape`, `/etc/passwd`).
 */
export async function buildZip(entries: readonly ZipEntrySpec[], options: { renames?: Record<string, string> } = {}): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of entries) {
    if (entry.symlinkTo !== undefined) zip.addBuffer(Buffer.from(entry.symlinkTo), entry.name, { mode: 0o120777, compress: false });
    else if (entry.zeros !== undefined) zip.addReadStream(zeros(entry.zeros), entry.name, { size: entry.zeros });
    else zip.addBuffer(Buffer.from(entry.data ?? ''), entry.name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes: Buffer = Buffer.concat(chunks);
  for (const [from, to] of Object.entries(options.renames ?? {})) {
    if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error(`rename ${from} -> ${to}: names must have the same length`);
    bytes = replaceAll(bytes, Buffer.from(from), Buffer.from(to));
  }
  return bytes;
}

function replaceAll(haystack: Buffer, from: Buffer, to: Buffer): Buffer {
  const copy = Buffer.from(haystack);
  for (let at = copy.indexOf(from); at >= 0; at = copy.indexOf(from, at + from.length)) to.copy(copy, at);
  return copy;
}
