import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { OdooManifest } from './odoo-manifest';
import { OdooZipEntries } from './odoo-zip-format';

/**
 * Writes Odoo's database-manager zip as a stream: `dump.sql` first (as Odoo orders it),
 * then `filestore/<path>` files, then `manifest.json`, which counts the filestore it follows.
 * Entries are deflated, files only (no folder entries), like `odoo.tools.osutil.zip_dir`.
 * Start consuming `stream` before adding entries: each add resolves once its source is read.
 */
export class OdooZipWriter {
  private readonly zip = new ZipFile();
  private files = 0;
  private bytes = 0;

  get stream(): Readable {
    return this.zip.outputStream as Readable;
  }

  /** What the filestore entries added so far hold. */
  get filestore(): { files: number; bytes: number } {
    return { files: this.files, bytes: this.bytes };
  }

  addDump(file: string): void {
    this.zip.addFile(file, OdooZipEntries.dump, { mode: 0o100640 });
  }

  /** `relativePath` inside the database's filestore (`ab/ab12...`); resolves once `source` was read. */
  async addFilestoreFile(relativePath: string, source: Readable, size: number, mtime?: Date): Promise<void> {
    const name = `${OdooZipEntries.filestorePrefix}${relativePath}`;
    this.zip.addReadStream(source, name, { size, mode: 0o100640, ...(mtime ? { mtime } : {}) });
    if (!source.readableEnded) await once(source, 'end');
    this.files += 1;
    this.bytes += size;
  }

  finish(manifest: OdooManifest): void {
    this.zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 4)}\n`), OdooZipEntries.manifest, { mode: 0o100640 });
    this.zip.end();
  }
}
