import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { pack } from 'tar-stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { type OdooManifest, parseOdooManifest } from './odoo-manifest';
import { OdooZipEntries } from './odoo-zip-format';

/** Why a file is refused as an Odoo database-manager zip. */
export type ZipRefusalReason =
  | 'NOT_A_ZIP'
  | 'NO_DUMP'
  | 'NO_MANIFEST'
  | 'BAD_MANIFEST'
  | 'PATH_ESCAPE'
  | 'LINK'
  | 'ENCRYPTED'
  | 'UNSUPPORTED_ENTRY'
  | 'TOO_MANY_ENTRIES'
  | 'ZIP_BOMB';

export class ZipRefusal extends Error {
  override readonly name = 'ZipRefusal';
  constructor(
    readonly reason: ZipRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** Bounds checked on the central directory before anything is extracted. */
export interface ZipLimits {
  /** The uncompressed size of all entries together (the plan's storage, for imports). */
  maxUncompressedBytes: number;
  /** Uncompressed size / archive size; SQL dumps deflate ~5-10x, attachments ~1x. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 1024 ** 4, maxRatio: 100, maxEntries: 1_000_000 };

const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Small archives may deflate more than `maxRatio` (a nearly empty database): up to this is fine. */
const RATIO_FREE_BYTES = 64 * 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * An Odoo database-manager zip, opened and checked: it is a zip; it has `dump.sql` and a
 * readable `manifest.json`; no entry escapes the extraction folder (`../`, absolute paths,
 * drive letters, backslashes) or is a link; none is encrypted or compressed with something
 * other than deflate; and the declared uncompressed size stays within the limits (zip
 * bombs). Entry data is checked while it is read: its size (yauzl) and CRC-32 (here).
 */
export class OdooZip {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: readonly Entry[],
    readonly manifest: OdooManifest,
    readonly dump: Entry,
  ) {}

  static async open(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<OdooZip> {
    const zip = await openZip(file);
    try {
      const entries = await readEntries(zip, limits);
      const byName = new Map(entries.map((entry) => [entry.fileName, entry]));
      const dump = byName.get(OdooZipEntries.dump);
      if (!dump) throw new ZipRefusal('NO_DUMP', `the archive has no ${OdooZipEntries.dump} at its top level`);
      const manifestEntry = byName.get(OdooZipEntries.manifest);
      if (!manifestEntry) throw new ZipRefusal('NO_MANIFEST', `the archive has no ${OdooZipEntries.manifest} at its top level`);
      const declared = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
      if (declared > limits.maxUncompressedBytes) {
        throw new ZipRefusal('ZIP_BOMB', `the archive unpacks to ${declared} bytes, more than the ${limits.maxUncompressedBytes} allowed`);
      }
      if (declared > RATIO_FREE_BYTES && declared > limits.maxRatio * zip.fileSize) {
        throw new ZipRefusal('ZIP_BOMB', `the archive unpacks to ${Math.round(declared / zip.fileSize)} times its size (at most ${limits.maxRatio} allowed)`);
      }
      if (manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES) throw new ZipRefusal('BAD_MANIFEST', `${OdooZipEntries.manifest} is larger than 1 MiB`);
      const manifest = parseOdooManifest((await readEntryFully(zip, manifestEntry)).toString('utf8'));
      if (!manifest) throw new ZipRefusal('BAD_MANIFEST', `${OdooZipEntries.manifest} is not an Odoo database manifest (JSON with a version)`);
      return new OdooZip(zip, entries, manifest, dump);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** Files of the filestore, paths relative to it. */
  get filestore(): Array<{ path: string; entry: Entry }> {
    return this.entries
      .filter((entry) => entry.fileName.startsWith(OdooZipEntries.filestorePrefix) && !entry.fileName.endsWith('/'))
      .map((entry) => ({ path: entry.fileName.slice(OdooZipEntries.filestorePrefix.length), entry }))
      .filter(({ path }) => path !== '');
  }

  /** What the central directory says the filestore holds. */
  get declaredFilestore(): { files: number; bytes: number } {
    const files = this.filestore;
    return { files: files.length, bytes: files.reduce((sum, file) => sum + file.entry.uncompressedSize, 0) };
  }

  /** The entry's data, checked against its size and CRC-32 as it streams. */
  async read(entry: Entry): Promise<Readable> {
    const stream = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(entry, (error, opened) => (error || !opened ? reject(error ?? new Error('no stream')) : resolve(opened))),
    );
    let crc = 0;
    const check = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        crc = crc32(chunk, crc);
        callback(null, chunk);
      },
      flush(callback) {
        callback(crc >>> 0 === entry.crc32 >>> 0 ? null : new Error(`${entry.fileName} is damaged (CRC-32 mismatch)`));
      },
    });
    stream.on('error', (error) => check.destroy(error));
    return stream.pipe(check);
  }

  async extractDump(file: string): Promise<void> {
    await pipeline(await this.read(this.dump), createWriteStream(file, { mode: 0o600 }));
  }

  /** Reads every filestore file (sizes and CRC-32 checked) and counts what it holds. */
  async measureFilestore(): Promise<{ files: number; bytes: number }> {
    let files = 0;
    let bytes = 0;
    for (const { entry } of this.filestore) {
      for await (const chunk of await this.read(entry)) bytes += (chunk as Buffer).length;
      files += 1;
    }
    return { files, bytes };
  }

  /**
   * The filestore as a tar whose entries sit under `root/` (folders included), owned by
   * `owner`, for the Docker archive API (`putArchive` into `<data_dir>/filestore`).
   */
  filestoreTar(root: string, owner: { uid: number; gid: number }): Readable {
    const tar = pack();
    const folders = new Set<string>();
    const addFolder = (folder: string) =>
      new Promise<void>((resolve, reject) =>
        tar.entry({ name: folder, type: 'directory', mode: 0o750, ...owner, mtime: new Date() }, (error) => (error ? reject(error) : resolve())),
      );
    void (async () => {
      await addFolder(root);
      folders.add(root);
      for (const { path, entry } of this.filestore) {
        const parts = path.split('/');
        for (let depth = 1; depth < parts.length; depth += 1) {
          const folder = [root, ...parts.slice(0, depth)].join('/');
          if (!folders.has(folder)) {
            folders.add(folder);
            await addFolder(folder);
          }
        }
        const sink = tar.entry({ name: `${root}/${path}`, size: entry.uncompressedSize, mode: 0o640, ...owner, mtime: entry.getLastModDate() });
        await pipeline(await this.read(entry), sink);
      }
      tar.finalize();
    })().catch((error: unknown) => tar.destroy(error instanceof Error ? error : new Error(String(error))));
    // tar-stream's streams are streamx ones: hand over a Node stream.
    return Readable.from(tar);
  }

  close(): void {
    this.zip.close();
  }
}

/** Opens `file` as an Odoo zip, runs `work`, closes it. */
export async function withOdooZip<T>(file: string, work: (zip: OdooZip) => Promise<T>, limits?: ZipLimits): Promise<T> {
  const zip = await OdooZip.open(file, limits);
  try {
    return await work(zip);
  } finally {
    zip.close();
  }
}

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) reject(new ZipRefusal('NOT_A_ZIP', `not a zip archive (${error?.message ?? 'unreadable'})`));
      else resolve(zip);
    }),
  );
}

function readEntries(zip: ZipFile, limits: ZipLimits): Promise<Entry[]> {
  if (zip.entryCount > limits.maxEntries) {
    return Promise.reject(new ZipRefusal('TOO_MANY_ENTRIES', `the archive has ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`));
  }
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    const fail = (error: Error) => {
      zip.removeAllListeners('entry');
      reject(error);
    };
    zip.on('entry', (entry: Entry) => {
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) return fail(new ZipRefusal('LINK', `${entry.fileName} is a symbolic link`));
      if (entry.isEncrypted()) return fail(new ZipRefusal('ENCRYPTED', `${entry.fileName} is encrypted`));
      if (!entry.fileName.endsWith('/') && !entry.canDecodeFileData()) {
        return fail(new ZipRefusal('UNSUPPORTED_ENTRY', `${entry.fileName} uses compression method ${entry.compressionMethod} (only stored and deflate are read)`));
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', (error: Error) => {
      // yauzl's own name checks: "invalid relative path: ../x", "absolute path: /x", "invalid characters in fileName: a\b".
      if (/relative path|absolute path|invalid characters in fileName/.test(error.message)) fail(new ZipRefusal('PATH_ESCAPE', `an entry escapes the archive: ${error.message}`));
      else fail(new ZipRefusal('NOT_A_ZIP', `not a readable zip archive (${error.message})`));
    });
    zip.readEntry();
  });
}

async function readEntryFully(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, opened) => (error || !opened ? reject(error ?? new Error('no stream')) : resolve(opened))),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
