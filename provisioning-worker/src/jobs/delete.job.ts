import { removeContainer } from '../docker/containers';
import { removeVolume } from '../docker/volumes';
import type { JobHandler } from './job-context';

/** Container, volume, database and role: all gone, and already-gone is fine. Backups stay. */
export const deleteJob: JobHandler<'DELETE'> = async (context) => {
  const { docker, odooDb } = context.services;

  await context.step('container');
  await removeContainer(docker, context.names.container);
  await removeContainer(docker, context.names.helperContainer);

  await context.step('volume');
  await removeVolume(docker, context.names.volume);

  await context.step('database');
  await odooDb.dropInstanceDatabase(context.names.database, context.names.role);
  return { instanceStatus: 'DELETED', message: 'Instance deleted' };
};
