import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BackupStore, ObjectTooLargeError, type StoredObject, type WriteOptions, type WrittenObject } from './backup-store';

/**
 * The backup store on a directory: a local disk on one machine, an NFS (or any shared
 * POSIX) mount on every node in production. Objects are files under `root`; a write goes to
 * a hidden temporary file beside its target and is renamed into place (atomic on POSIX
 * filesystems, NFS included), so readers never see half an object.
 */
export class FilesystemBackupStore implements BackupStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  describe(key: string): string {
    return this.pathOf(key);
  }

  /** The file of a key. Keys never leave the root (no `..`, no absolute paths). */
  pathOf(key: string): string {
    const parts = key.split('/');
    if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0'))) {
      throw new Error(`invalid backup store key: ${JSON.stringify(key)}`);
    }
    return path.join(this.root, ...parts);
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    const found = await stat(this.pathOf(key)).catch(() => undefined);
    return found?.isFile() ? { sizeBytes: found.size, modifiedAt: found.mtime } : undefined;
  }

  read(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  async write(key: string, source: Readable, options: WriteOptions = {}): Promise<WrittenObject> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
    const partial = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        sizeBytes += chunk.length;
        if (options.maxBytes !== undefined && sizeBytes > options.maxBytes) {
          callback(new ObjectTooLargeError(options.maxBytes));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, measure, createWriteStream(partial, { mode: options.mode ?? 0o640 }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { sizeBytes, checksum: hash.digest('hex') };
  }

  async withLocalFile<T>(key: string, work: (file: string) => Promise<T>): Promise<T> {
    return work(this.pathOf(key));
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.pathOf(to);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
    await rename(this.pathOf(from), target);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const entries = await readdir(this.pathOf(prefix), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => `${prefix}/${entry.name}`)
      .sort();
  }

  async folders(prefix: string): Promise<string[]> {
    const directory = prefix === '' ? this.root : this.pathOf(prefix);
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  }
}
