import type { Readable } from 'node:stream';
import type { ArchiveFormat } from './backup-keys';

/** What the store knows about one object. */
export interface StoredObject {
  sizeBytes: number;
  modifiedAt: Date;
}

/** An object the store wrote: its size and SHA-256 (hex), computed while it streamed in. */
export interface WrittenObject {
  sizeBytes: number;
  checksum: string;
}

export interface WriteOptions {
  /** Refuse (and keep nothing) once more than this many bytes arrived. */
  maxBytes?: number;
  /** File mode of the stored object (filesystem stores); 0640 when not given. */
  mode?: number;
}

/** More bytes arrived than `WriteOptions.maxBytes` allows; nothing was kept. */
export class ObjectTooLargeError extends Error {
  override readonly name = 'ObjectTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
  }
}

/**
 * Where backups (and uploads waiting to be imported) live: one place every process that
 * reads or writes them shares (every worker node, and the instance subgraph that serves
 * downloads and takes uploads). Keys are `/`-separated relative paths (see backup-keys.ts).
 * Writes are atomic: an object is visible under its key only once it is complete.
 */
export interface BackupStore {
  /** Where an object is, for `Backup.location` and logs (a path or a URL without credentials). */
  describe(key: string): string;
  stat(key: string): Promise<StoredObject | undefined>;
  /** Streams an object; fails with ENOENT when it does not exist. */
  read(key: string): Readable;
  write(key: string, source: Readable, options?: WriteOptions): Promise<WrittenObject>;
  /**
   * Runs `work` with a local file holding the object, for tools that need random access or
   * a path (a zip's central directory, psql). The filesystem store hands over the file itself.
   */
  withLocalFile<T>(key: string, work: (file: string) => Promise<T>): Promise<T>;
  /** Renames atomically; fails when `from` does not exist. */
  move(from: string, to: string): Promise<void>;
  /** Removes an object; a missing one is fine. */
  remove(key: string): Promise<void>;
  /** Keys of the objects directly under `prefix` (not recursive), sorted; [] when none. */
  list(prefix: string): Promise<string[]>;
  /** Names of the folders directly under `prefix` (tenants, instances), sorted; [] when none. */
  folders(prefix: string): Promise<string[]>;
}

/** The whole object as text (small objects: sidecars, manifests). */
export async function readText(store: BackupStore, key: string): Promise<string | undefined> {
  if (!(await store.stat(key))) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of store.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The key of a backup's archive in either format (Odoo's zip first), or undefined when it is gone. */
export async function findArchiveKey(store: BackupStore, keysOf: (format: ArchiveFormat) => string): Promise<{ key: string; format: ArchiveFormat } | undefined> {
  for (const format of ['zip', 'tar'] as const) {
    const key = keysOf(format);
    if (await store.stat(key)) return { key, format };
  }
  return undefined;
}
