import type { InstanceJob } from '@saas/contracts';
import { instanceNames } from '../instance-names';
import { helperContainerSpec, initCommand, odooContainerSpec, type OdooContainerContext, publicUrl, secretFiles } from './container-spec';

const instance: InstanceJob['instance'] = {
  id: '0b7c1f9e-1111-4222-8333-944445555666',
  tenantId: 'tenant-1',
  subdomain: 'acme',
  odooVersion: '17.0',
  modules: ['sale', 'base', 'crm'],
  resources: { cpuMillicores: 1500, memoryMb: 2048, storageGb: 10 },
  secrets: { databasePassword: 'enc', adminPassword: 'enc' },
};

const context: OdooContainerContext = {
  environment: 'dev',
  image: 'odoo:17.0',
  names: instanceNames(instance.id),
  instance,
  database: { host: 'host.docker.internal', port: 5433, password: 'db-secret' },
  network: 'odoo-saas',
  publishPorts: true,
};

describe('odooContainerSpec', () => {
  const spec = odooContainerSpec(context);

  it('names the container and its image after the instance and version', () => {
    expect(spec.name).toBe('odoo-0b7c1f9e-1111-4222-8333-944445555666');
    expect(spec.Image).toBe('odoo:17.0');
  });

  it("passes the database through the official image's env contract, the password as a file", () => {
    expect(spec.Env).toEqual(['HOST=host.docker.internal', 'PORT=5433', 'USER=odoo_0b7c1f9e111142228333944445555666', 'PASSWORD_FILE=/etc/odoo/db_password']);
    expect(JSON.stringify(spec)).not.toContain('db-secret');
    expect(secretFiles(context)).toEqual([{ path: '/etc/odoo/db_password', content: 'db-secret' }]);
  });

  it('applies the plan: CPU in nano-CPUs, memory in bytes, storage as a label', () => {
    expect(spec.HostConfig?.NanoCpus).toBe(1_500_000_000);
    expect(spec.HostConfig?.Memory).toBe(2048 * 1024 * 1024);
    expect(spec.Labels?.['saas.storage-gb']).toBe('10');
    expect(spec.HostConfig?.RestartPolicy).toEqual({ Name: 'unless-stopped' });
  });

  it('mounts the named volume, reaches the host database and joins the network', () => {
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'odoo-data-0b7c1f9e-1111-4222-8333-944445555666', Target: '/var/lib/odoo' }]);
    expect(spec.HostConfig?.ExtraHosts).toEqual(['host.docker.internal:host-gateway']);
    expect(spec.HostConfig?.NetworkMode).toBe('odoo-saas');
  });

  it('labels ownership only: the edge (Caddy) routes from instance state, not from labels', () => {
    expect(spec.Labels).toMatchObject({
      'saas.env': 'dev',
      'saas.instance': instance.id,
      'saas.tenant': 'tenant-1',
      'saas.subdomain': 'acme',
      'saas.role': 'odoo',
    });
    expect(Object.keys(spec.Labels ?? {}).filter((label) => !label.startsWith('saas.'))).toEqual([]);
  });

  it('publishes 8069 on a random loopback port only when asked to', () => {
    expect(spec.HostConfig?.PortBindings).toEqual({ '8069/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    const unpublished = odooContainerSpec({ ...context, publishPorts: false });
    expect(unpublished.HostConfig?.PortBindings).toBeUndefined();
  });
});

describe('helper containers', () => {
  it('initialise base plus the modules, once each, without demo data', () => {
    expect(initCommand('odoo_x', instance.modules)).toEqual(['odoo', '-i', 'base,sale,crm', '-d', 'odoo_x', '--stop-after-init', '--without-demo=all']);
  });

  it('are labelled as helpers and publish nothing', () => {
    const spec = helperContainerSpec(context, { cmd: ['true'] });
    expect(spec.Labels?.['saas.role']).toBe('helper');
    expect(spec.HostConfig?.PortBindings).toBeUndefined();
    expect(spec.HostConfig?.RestartPolicy).toBeUndefined();
  });

  it('gives a helper the password as a file written before it starts, never in its environment', () => {
    const spec = helperContainerSpec(context, { cmd: ['true'] });
    expect(spec.Env).toContain('PASSWORD_FILE=/etc/odoo/db_password');
    expect(JSON.stringify(spec.Env)).not.toContain('db-secret');
    expect(spec.files).toEqual([{ path: '/etc/odoo/db_password', content: 'db-secret' }]);
  });
});

it('builds the public URL from scheme, subdomain and base domain', () => {
  expect(publicUrl('acme', 'odoo.example.com', 'https')).toBe('https://acme.odoo.example.com');
});
