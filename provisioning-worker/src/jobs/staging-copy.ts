import path from 'node:path';
import type Docker from 'dockerode';
import { escapeIdentifier } from 'pg';
import { dumpSql, restoreSql } from '../backup/pg-tools';
import { withWorkDir } from '../backup/restore-from-backup';
import { runToCompletion } from '../docker/containers';
import { JobError } from '../errors';
import { filestorePath, instanceNames, ODOO_DATA_DIR } from '../instance-names';
import type { JobContext } from './job-context';
import { helperSpec, instanceDatabase, mailCatcherOf } from './odoo-instance';

/** Where the helper that copies the filestore sees production's volume (read-only). */
const SOURCE_MOUNT = '/mnt/production';

/** The names of the production instance a STAGING or REFRESH_STAGING job copies. */
function sourceOf(context: JobContext<'STAGING' | 'REFRESH_STAGING'>) {
  const source = context.job.copyFrom;
  if (!source) throw new JobError('INVALID_JOB', `a ${context.job.type} job needs copyFrom`);
  if (source.instanceId === context.job.instance.id) throw new JobError('INVALID_JOB', 'an instance cannot be copied into itself');
  return instanceNames(source.instanceId);
}

const copyFailed = (error: unknown) => new JobError('COPY_FAILED', error instanceof Error ? error.message : String(error), { cause: error });

/**
 * Production's database into the copy's, empty first (a re-run starts again): `pg_dump` of
 * production as its own role (one consistent snapshot, taken while production keeps serving;
 * never `CREATE DATABASE ... TEMPLATE`, which needs production disconnected), then psql in
 * one transaction as the copy's role, so the copy owns every object.
 */
export async function copyProductionDatabase(context: JobContext<'STAGING' | 'REFRESH_STAGING'>): Promise<void> {
  const { odooDb } = context.services;
  const source = sourceOf(context);
  const copy = instanceDatabase(context);
  if (!(await odooDb.databaseExists(source.database))) {
    throw new JobError('PRODUCTION_MISSING', 'the production database does not exist (was production deleted?)');
  }
  await withWorkDir(context, 'staging-db', async (work) => {
    const dump = path.join(work, 'dump.sql');
    await dumpSql(odooDb.connection, source.database, source.role, dump).catch((error: unknown) => {
      throw copyFailed(error);
    });
    await odooDb.ensureInstanceDatabase(copy);
    await odooDb.recreateDatabase(copy);
    await restoreSql(odooDb.connection, copy.database, copy.role, dump).catch((error: unknown) => {
      throw copyFailed(error);
    });
  });
}

/**
 * Production's filestore into the copy's volume by a one-off container that mounts both
 * (production's read-only): the files never pass through the worker, and production's own
 * container is not touched.
 */
export async function copyProductionFilestore(context: JobContext<'STAGING' | 'REFRESH_STAGING'>): Promise<void> {
  const { docker, settings } = context.services;
  const source = sourceOf(context);
  const spec = helperSpec(context, {
    entrypoint: ['/bin/sh', '-c', 'rm -rf -- "$2" && mkdir -p -- "$3" && if [ -d "$1" ]; then cp -a -- "$1" "$2"; fi', 'sh'],
    cmd: [`${SOURCE_MOUNT}/filestore/${source.database}`, filestorePath(context.names.database), `${ODOO_DATA_DIR}/filestore`],
  });
  const mounts: Docker.MountSettings[] = [...(spec.HostConfig?.Mounts ?? []), { Type: 'volume', Source: source.volume, Target: SOURCE_MOUNT, ReadOnly: true }];
  await runToCompletion(docker, { ...spec, HostConfig: { ...spec.HostConfig, Mounts: mounts } }, settings.initTimeoutMs, 'Copying the filestore');
}

/**
 * Makes the copy safe before it ever starts: the image's own `odoo neutralize` (Odoo 16+:
 * mail servers off, scheduled actions off, `database.is_neutralized`, the staging banner),
 * then what Odoo does when it duplicates a database (new `database.uuid` and
 * `database.secret`: the copy is not production to Odoo's services, and production's
 * sessions and signed links are not valid in it), and one active mail server: the
 * platform's mail catcher, logging in as the copy.
 */
export async function neutralizeCopy(context: JobContext<'STAGING' | 'REFRESH_STAGING'>): Promise<void> {
  const { docker, odooDb, settings } = context.services;
  const database = context.names.database;
  await runToCompletion(docker, helperSpec(context, { cmd: ['odoo', 'neutralize', '-d', database] }), settings.initTimeoutMs, 'odoo neutralize');
  const catcher = mailCatcherOf(context);
  if (!catcher) throw new JobError('INVALID_JOB', 'a staging job must be for a staging copy (instance.staging)');
  await odooDb.inDatabase(database, async (client) => {
    await client.query('begin');
    try {
      // As the copy's role: whatever is written is its own.
      await client.query(`set local role ${escapeIdentifier(context.names.role)}`);
      await client.query(
        `insert into ir_config_parameter (key, value) values ('database.uuid', gen_random_uuid()::text), ('database.secret', gen_random_uuid()::text)
         on conflict (key) do update set value = excluded.value`,
      );
      const present = await client.query<{ present: boolean }>("select to_regclass('public.ir_mail_server') is not null as present");
      if (present.rows[0]?.present === true) {
        await client.query('update ir_mail_server set active = false');
        await client.query(
          `insert into ir_mail_server (name, smtp_host, smtp_port, smtp_user, smtp_pass, smtp_encryption, smtp_authentication, active, sequence)
           values ('Platform mail catcher (staging copy: mail is caught, never sent)', $1, $2, $3, $4, 'none', 'login', true, 0)`,
          [catcher.host, catcher.port, catcher.user, catcher.password],
        );
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw copyFailed(error);
    }
  });
}
