import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { buildZip } from '@saas/testing';
import { extract } from 'tar-stream';
import {
  backupKeys,
  buildOdooManifest,
  FilesystemBackupStore,
  ObjectTooLargeError,
  OdooZip,
  OdooZipWriter,
  odooSeriesOf,
  pgVersionOf,
  readText,
  withOdooZip,
  ZipRefusal,
} from '../src';

describe('Odoo database-manager zips', () => {
  let dir: string;
  let store: FilesystemBackupStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'odoo-zip-'));
    store = new FilesystemBackupStore(path.join(dir, 'store'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const zipFile = async (bytes: Buffer) => {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.zip`);
    await writeFile(file, bytes);
    return file;
  };
  const refusal = async (bytes: Buffer) => {
    const error = await OdooZip.open(await zipFile(bytes)).then(
      (zip) => (zip.close(), undefined),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ZipRefusal);
    return (error as ZipRefusal).reason;
  };
  const manifest = JSON.stringify({ version: '17.0', major_version: '17.0', modules: { base: '17.0.1.3' } });

  it('writes dump.sql, filestore/ and manifest.json through the store and reads them back, checked', async () => {
    const dump = path.join(dir, 'dump.sql');
    await writeFile(dump, 'CREATE TABLE t (id int);\n');
    const writer = new OdooZipWriter();
    const keys = backupKeys('t1', 'i1', 'b1');
    const written = store.write(keys.archive, writer.stream);
    writer.addDump(dump);
    await writer.addFilestoreFile('ab/ab12', Readable.from([Buffer.from('hello')]), 5);
    await writer.addFilestoreFile('cd/cd34', Readable.from([Buffer.alloc(70_000, 1)]), 70_000);
    const saas = { format: 2 as const, backupId: 'b1', instanceId: 'i1', tenantId: 't1', createdAt: '2026-01-01T00:00:00.000Z', filestore: writer.filestore };
    writer.finish(buildOdooManifest({ databaseName: 'odoo_i1', odooVersion: '17.0', serverVersionNum: 150020, modules: { base: '17.0' }, saas }));
    const { sizeBytes, checksum } = await written;
    expect((await store.stat(keys.archive))?.sizeBytes).toBe(sizeBytes);
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);

    await store.withLocalFile(keys.archive, (file) =>
      withOdooZip(file, async (zip) => {
        expect(zip.entries.map((entry) => entry.fileName)).toEqual(['dump.sql', 'filestore/ab/ab12', 'filestore/cd/cd34', 'manifest.json']);
        expect(zip.manifest).toMatchObject({ odoo_dump: '1', db_name: 'odoo_i1', version: '17.0', major_version: '17.0', pg_version: '15.0', modules: { base: '17.0' } });
        expect(zip.manifest.saas?.filestore).toEqual({ files: 2, bytes: 70_005 });
        expect(zip.declaredFilestore).toEqual({ files: 2, bytes: 70_005 });
        expect(await zip.measureFilestore()).toEqual({ files: 2, bytes: 70_005 });
        const out = path.join(dir, 'out.sql');
        await zip.extractDump(out);
        const names: string[] = [];
        const tar = extract();
        const listed = (async () => {
          for await (const entry of tar) {
            names.push(`${entry.header.name} ${entry.header.type} ${entry.header.uid}`);
            entry.resume();
          }
        })();
        await Promise.all([pipeline(zip.filestoreTar('odoo_db', { uid: 101, gid: 101 }), tar), listed]);
        expect(names).toEqual(['odoo_db directory 101', 'odoo_db/ab directory 101', 'odoo_db/ab/ab12 file 101', 'odoo_db/cd directory 101', 'odoo_db/cd/cd34 file 101']);
      }),
    );
  });

  it('refuses what is not a database-manager zip, with the reason', async () => {
    expect(await refusal(Buffer.from('PK but not really a zip'))).toBe('NOT_A_ZIP');
    expect(await refusal(await buildZip([{ name: 'manifest.json', data: manifest }]))).toBe('NO_DUMP');
    expect(await refusal(await buildZip([{ name: 'dump.sql', data: 'select 1;' }]))).toBe('NO_MANIFEST');
    expect(await refusal(await buildZip([{ name: 'dump.sql' }, { name: 'manifest.json', data: '{"no":"version"}' }]))).toBe('BAD_MANIFEST');
    const escaping = await buildZip([{ name: 'dump.sql' }, { name: 'manifest.json', data: manifest }, { name: 'xx/escape' }], { renames: { 'xx/escape': '../escape' } });
    expect(await refusal(escaping)).toBe('PATH_ESCAPE');
    const absolute = await buildZip([{ name: 'dump.sql' }, { name: 'manifest.json', data: manifest }, { name: 'xetc/passwd' }], { renames: { 'xetc/passwd': '/etc/passwd' } });
    expect(await refusal(absolute)).toBe('PATH_ESCAPE');
    const link = await buildZip([{ name: 'dump.sql' }, { name: 'manifest.json', data: manifest }, { name: 'filestore/ab/x', symlinkTo: '/etc/shadow' }]);
    expect(await refusal(link)).toBe('LINK');
    const bomb = await buildZip([{ name: 'dump.sql', zeros: 200 * 1024 * 1024 }, { name: 'manifest.json', data: manifest }]);
    expect(await refusal(bomb)).toBe('ZIP_BOMB');
  });

  it('reads the Odoo series of a manifest and the PostgreSQL version the way Odoo writes it', () => {
    expect(odooSeriesOf({ major_version: '17.0', version: '17.0-20240101' })).toBe('17.0');
    expect(odooSeriesOf({ major_version: undefined as never, version: '16.0+e' })).toBe('16.0');
    expect(odooSeriesOf({ major_version: 'saas~17.2', version: 'saas~17.2' })).toBe('saas~17.2');
    expect(pgVersionOf(150020)).toBe('15.0');
    expect(pgVersionOf(90624)).toBe('9.6');
    expect(pgVersionOf(160004)).toBe('16.0');
  });

  it('keeps nothing of a write that grew past its limit, and never leaves its root', async () => {
    await expect(store.write('.imports/t/u.zip', Readable.from([Buffer.alloc(10)]), { maxBytes: 5 })).rejects.toBeInstanceOf(ObjectTooLargeError);
    expect(await store.list('.imports/t')).toEqual([]);
    expect(await readText(store, '.imports/t/u.zip')).toBeUndefined();
    expect(() => store.pathOf('../outside')).toThrow(/invalid backup store key/);
    expect(() => store.pathOf('/etc/passwd')).toThrow(/invalid backup store key/);
  });
});
