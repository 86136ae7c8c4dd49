import type Docker from 'dockerode';
import { listedDirectUrl, toObservation } from './observe';

const container = (State: string, Status: string, Labels: Record<string, string> = { 'saas.instance': 'i-1', 'saas.tenant': 't-1' }) =>
  ({ Id: 'c-1', State, Status, Labels }) as unknown as Docker.ContainerInfo;

describe('toObservation', () => {
  it('reports a running container as needing nothing', () => {
    expect(toObservation(container('running', 'Up 3 minutes'), 'odoo-saas')).toEqual({
      instanceId: 'i-1',
      tenantId: 't-1',
      containerId: 'c-1',
      state: 'running',
      action: 'none',
    });
  });

  it('reports a container that is not running, with its exit code', () => {
    expect(toObservation(container('exited', 'Exited (137) 2 seconds ago'), 'odoo-saas')).toMatchObject({ state: 'exited', exitCode: 137, action: 'reported' });
    expect(toObservation(container('restarting', 'Restarting (1) 1 second ago'), 'odoo-saas')).toMatchObject({ action: 'reported' });
  });

  it('skips containers without instance labels', () => {
    expect(toObservation(container('running', 'Up', {}), 'odoo-saas')).toBeUndefined();
  });

  it('says where Odoo of a running container answers now: its published port, else its network address', () => {
    const running = (extra: object) => ({ ...container('running', 'Up 1 second'), ...extra }) as Docker.ContainerInfo;
    const published = running({ Ports: [{ IP: '127.0.0.1', PrivatePort: 8069, PublicPort: 32771, Type: 'tcp' }] });
    expect(toObservation(published, 'odoo-saas')).toMatchObject({ directUrl: 'http://127.0.0.1:32771' });
    const networked = running({ Ports: [{ PrivatePort: 8069, Type: 'tcp' }], NetworkSettings: { Networks: { 'odoo-saas': { IPAddress: '172.18.0.4' } } } });
    expect(listedDirectUrl(networked, 'odoo-saas')).toBe('http://172.18.0.4:8069');
    expect(listedDirectUrl(running({}), 'odoo-saas')).toBeUndefined();
    const stopped = { ...container('exited', 'Exited (0) 1 second ago'), Ports: published.Ports } as Docker.ContainerInfo;
    expect(toObservation(stopped, 'odoo-saas')?.directUrl).toBeUndefined();
  });
});
