import { startContainer } from '../docker/containers';
import { ensureImage } from '../docker/pull';
import type { JobHandler } from './job-context';
import { ensureOdooContainer, healthyFacts, imageOf } from './odoo-instance';

/** Starts the container; one that went missing is recreated from the job (volume and database stay). */
export const startJob: JobHandler<'START'> = async (context) => {
  const { docker, settings } = context.services;

  await context.step('container');
  await ensureImage(docker, imageOf(context), settings.pullTimeoutMs, context.logger);
  const container = await ensureOdooContainer(context);

  await context.step('start');
  await startContainer(container);

  await context.step('health');
  const facts = await healthyFacts(context);
  return { instanceStatus: 'RUNNING', message: 'Instance is running', facts };
};
