import type { InstanceJob } from '@saas/contracts';
import type Docker from 'dockerode';
import { type InstanceNames, ODOO_DATA_DIR } from '../instance-names';
import type { ContainerFile } from './archive';

export const ODOO_HTTP_PORT = '8069/tcp';

/** Everything the worker creates carries these, so a run can find (and clean up) its own. */
export const Labels = {
  env: 'saas.env',
  instance: 'saas.instance',
  tenant: 'saas.tenant',
  subdomain: 'saas.subdomain',
  /** `odoo` for an instance's server, `helper` for one-off containers. */
  role: 'saas.role',
  storageGb: 'saas.storage-gb',
  odooVersion: 'saas.odoo-version',
} as const;

export interface SpecContext {
  /** SAAS_ENV. */
  environment: string;
  image: string;
  names: InstanceNames;
  instance: InstanceJob['instance'];
  database: { host: string; port: number; password: string };
  network: string;
}

export interface OdooContainerContext extends SpecContext {
  /** Publish 8069 on a random loopback port: where the worker (and the edge) reach Odoo in development. */
  publishPorts: boolean;
}

export function instanceLabels(environment: string, instance: InstanceJob['instance']): Record<string, string> {
  return {
    [Labels.env]: environment,
    [Labels.instance]: instance.id,
    [Labels.tenant]: instance.tenantId,
  };
}

export function publicHost(subdomain: string, baseDomain: string): string {
  return `${subdomain}.${baseDomain}`;
}

export function publicUrl(subdomain: string, baseDomain: string, scheme: 'http' | 'https'): string {
  return `${scheme}://${publicHost(subdomain, baseDomain)}`;
}

/**
 * Where a container reads its database password: the official image's `PASSWORD_FILE`. In
 * the environment, anyone allowed to `docker inspect` would read it.
 */
export const DATABASE_PASSWORD_FILE = '/etc/odoo/db_password';

/** The official image's env contract: it turns these into --db_host/--db_port/... */
function databaseEnv(context: SpecContext): string[] {
  return [`HOST=${context.database.host}`, `PORT=${context.database.port}`, `USER=${context.names.role}`, `PASSWORD_FILE=${DATABASE_PASSWORD_FILE}`];
}

/** The secret files every container of the instance needs before it starts (putPrivateFile). */
export function secretFiles(context: SpecContext): ContainerFile[] {
  return [{ path: DATABASE_PASSWORD_FILE, content: context.database.password }];
}

/** A one-off container, with the files to write into it before it starts. */
export type OneOffContainerSpec = Docker.ContainerCreateOptions & { name: string; files: readonly ContainerFile[] };

function sharedHostConfig(context: SpecContext): Docker.HostConfig {
  return {
    Mounts: [{ Type: 'volume', Source: context.names.volume, Target: ODOO_DATA_DIR }],
    // The Odoo database server runs on the host; containers reach it through the gateway.
    ExtraHosts: ['host.docker.internal:host-gateway'],
    NetworkMode: context.network,
  };
}

/** The instance's long-running Odoo server. */
export function odooContainerSpec(context: OdooContainerContext): Docker.ContainerCreateOptions {
  const { instance } = context;
  return {
    name: context.names.container,
    Image: context.image,
    Env: databaseEnv(context),
    ExposedPorts: { [ODOO_HTTP_PORT]: {} },
    Labels: {
      ...instanceLabels(context.environment, instance),
      [Labels.role]: 'odoo',
      [Labels.subdomain]: instance.subdomain,
      [Labels.odooVersion]: instance.odooVersion,
      // Docker cannot cap a named volume's size portably: recorded for metering and alerts.
      [Labels.storageGb]: String(instance.resources.storageGb),
    },
    HostConfig: {
      ...sharedHostConfig(context),
      NanoCpus: instance.resources.cpuMillicores * 1_000_000,
      Memory: instance.resources.memoryMb * 1024 * 1024,
      RestartPolicy: { Name: 'unless-stopped' },
      ...(context.publishPorts ? { PortBindings: { [ODOO_HTTP_PORT]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {}),
    },
  };
}

/** `odoo -i base,<modules>`: creates Odoo's tables in the new database, then exits. */
export function initCommand(database: string, modules: readonly string[]): string[] {
  const toInstall = ['base', ...modules.filter((module) => module !== 'base')];
  return ['odoo', '-i', [...new Set(toInstall)].join(','), '-d', database, '--stop-after-init', '--without-demo=all'];
}

/** `odoo -u all`: migrates the database to the code of a new image, then exits. */
export function updateCommand(database: string): string[] {
  return ['odoo', '-u', 'all', '-d', database, '--stop-after-init'];
}

/** A one-off container on the instance's volume and database: init, upgrade, filestore work. */
export function helperContainerSpec(context: SpecContext, command: { cmd: string[]; entrypoint?: string[] }): OneOffContainerSpec {
  return {
    name: context.names.helperContainer,
    files: secretFiles(context),
    Image: context.image,
    Env: databaseEnv(context),
    Cmd: command.cmd,
    ...(command.entrypoint ? { Entrypoint: command.entrypoint } : {}),
    Labels: { ...instanceLabels(context.environment, context.instance), [Labels.role]: 'helper' },
    HostConfig: {
      ...sharedHostConfig(context),
      NanoCpus: context.instance.resources.cpuMillicores * 1_000_000,
      Memory: Math.max(context.instance.resources.memoryMb, 512) * 1024 * 1024,
    },
  };
}
