import type { InstanceFacts } from '@saas/contracts';
import type Docker from 'dockerode';
import { ensureContainer, ensureResourceLimits, startContainer } from '../docker/containers';
import { putPrivateFile } from '../docker/archive';
import { helperContainerSpec, odooContainerSpec, type OneOffContainerSpec, publicUrl, secretFiles, type SpecContext } from '../docker/container-spec';
import { waitForHealth } from '../docker/health';
import type { InstanceDatabase } from '../odoo-db/odoo-db-admin';
import { renderOdooConf } from '../odoo/odoo-conf';
import type { JobContext, JobResult } from './job-context';

/** Where the official image reads its configuration. */
const ODOO_CONF = '/etc/odoo/odoo.conf';

/** Building blocks shared by the jobs that (re)create, start and check an instance. */

export function imageOf(context: JobContext): string {
  return `${context.services.settings.odooImage}:${context.job.instance.odooVersion}`;
}

export function specContext(context: JobContext): SpecContext {
  const { settings } = context.services;
  return {
    environment: settings.environment,
    image: imageOf(context),
    names: context.names,
    instance: context.job.instance,
    database: { host: settings.databaseHost, port: settings.databasePort, password: context.secrets.databasePassword },
    network: settings.network,
  };
}

export function instanceDatabase(context: JobContext): InstanceDatabase {
  const { instance } = context.job;
  return {
    role: context.names.role,
    database: context.names.database,
    password: context.secrets.databasePassword,
    comment: `saas.env=${context.services.settings.environment} saas.instance=${instance.id} saas.tenant=${instance.tenantId}`,
  };
}

export function helperSpec(context: JobContext, command: { cmd: string[]; entrypoint?: string[] }): OneOffContainerSpec {
  return { ...helperContainerSpec(specContext(context), command), name: context.names.helperContainer };
}

/**
 * The instance's container, created or adopted, with its odoo.conf and database password
 * file written before it starts (the official image reads /etc/odoo/odoo.conf), 0640. An adopted container gets the
 * job's CPU and memory limits, which follow the tenant's plan.
 */
export async function ensureOdooContainer(context: JobContext, image = imageOf(context)): Promise<Docker.Container> {
  const { settings, docker } = context.services;
  const specOf = specContext(context);
  const spec = odooContainerSpec({
    ...specOf,
    image,
    publishPorts: settings.publishPorts,
  });
  const { container, adopted } = await ensureContainer(docker, { ...spec, name: context.names.container, Image: image }, context.logger);
  if (adopted) {
    context.logger.info({ container: context.names.container }, 'adopted existing container');
    await ensureResourceLimits(container, { NanoCpus: spec.HostConfig?.NanoCpus ?? 0, Memory: spec.HostConfig?.Memory ?? 0 }, context.logger);
  }
  const conf = renderOdooConf({ database: context.names.database, adminPassword: context.secrets.adminPassword, smtp: mailCatcherOf(context) });
  for (const file of [{ path: ODOO_CONF, content: conf }, ...secretFiles(specOf)]) await putPrivateFile(container, file);
  return container;
}

/** The mail catcher login of a staging copy (undefined for production: it sends its own mail). */
export function mailCatcherOf(context: JobContext): { host: string; port: number; user: string; password: string } | undefined {
  if (!context.job.instance.staging) return undefined;
  const { host, port } = context.services.settings.mailCatcher;
  return { host, port, user: context.job.instance.id, password: context.secrets.mailPassword };
}

/** Waits for /web/health and returns the facts of a running instance. */
export async function healthyFacts(context: JobContext): Promise<InstanceFacts> {
  const { settings, docker } = context.services;
  const directUrl = await waitForHealth(docker, context.names.container, settings.network, settings.healthTimeoutMs);
  const info = await docker.getContainer(context.names.container).inspect();
  return {
    url: publicUrl(context.job.instance.subdomain, settings.baseDomain, settings.scheme),
    directUrl,
    containerId: info.Id,
    databaseName: context.names.database,
  };
}

/**
 * The end of every job that leaves the instance serving: its container (adopted or
 * created), started, answering `/web/health`. Reported as the `container`, `start` and
 * `health` steps.
 */
export async function bringUp(context: JobContext, message: string): Promise<JobResult> {
  await context.step('container');
  const container = await ensureOdooContainer(context);
  await context.step('start');
  await startContainer(container);
  await context.step('health');
  return { instanceStatus: 'RUNNING', message, facts: await healthyFacts(context) };
}
