import { maskSecrets } from '../logs/mask-secrets';
import type Docker from 'dockerode';

/**
 * Splits the engine's multiplexed log format (containers without a TTY): frames of an
 * 8-byte header (stream type, 3 zero bytes, big-endian length) and the payload.
 */
export function demuxLogs(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const type = buffer[offset];
    const length = buffer.readUInt32BE(offset + 4);
    if (type === undefined || type > 2 || buffer[offset + 1] !== 0) return buffer.toString('utf8'); // not multiplexed
    parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * The last lines a container wrote (for error messages: what Odoo said before it died), with
 * the secrets it may print masked: they end up in operation errors and the worker's logs.
 */
export async function logTail(container: Docker.Container, lines = 20): Promise<string> {
  try {
    const output = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxLogs(Buffer.isBuffer(output) ? output : Buffer.from(String(output)))
      .split('\n')
      .map((line) => maskSecrets(line.trimEnd()))
      .filter(Boolean)
      .join('\n');
  } catch {
    return '';
  }
}

/** The most telling line of a log tail: the last error, or the last line. */
export function lastErrorLine(tail: string): string {
  const lines = tail.split('\n').filter(Boolean);
  const errors = lines.filter((line) => /ERROR|CRITICAL|Error|error|FATAL/.test(line));
  return (errors.at(-1) ?? lines.at(-1) ?? '').slice(0, 500);
}
