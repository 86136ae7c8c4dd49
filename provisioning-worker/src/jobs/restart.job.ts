import { isNotModified } from '../docker/engine';
import { ensureImage } from '../docker/pull';
import type { JobHandler } from './job-context';
import { ensureOdooContainer, healthyFacts, imageOf } from './odoo-instance';
import { STOP_TIMEOUT_SECONDS } from './stop.job';

export const restartJob: JobHandler<'RESTART'> = async (context) => {
  const { docker, settings } = context.services;

  await context.step('container');
  await ensureImage(docker, imageOf(context), settings.pullTimeoutMs, context.logger);
  const container = await ensureOdooContainer(context);

  await context.step('restart');
  // Restart also starts a stopped container.
  await container.restart({ t: STOP_TIMEOUT_SECONDS }).catch((error: unknown) => {
    if (!isNotModified(error)) throw error;
  });

  await context.step('health');
  const facts = await healthyFacts(context);
  return { instanceStatus: 'RUNNING', message: 'Instance restarted', facts };
};
