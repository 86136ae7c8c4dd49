import type Docker from 'dockerode';
import { toObservation } from './observe';

const container = (State: string, Status: string, Labels: Record<string, string> = { 'saas.instance': 'i-1', 'saas.tenant': 't-1' }) =>
  ({ Id: 'c-1', State, Status, Labels }) as unknown as Docker.ContainerInfo;

describe('toObservation', () => {
  it('reports a running container as needing nothing', () => {
    expect(toObservation(container('running', 'Up 3 minutes'))).toEqual({
      instanceId: 'i-1',
      tenantId: 't-1',
      containerId: 'c-1',
      state: 'running',
      action: 'none',
    });
  });

  it('reports a container that is not running, with its exit code', () => {
    expect(toObservation(container('exited', 'Exited (137) 2 seconds ago'))).toMatchObject({ state: 'exited', exitCode: 137, action: 'reported' });
    expect(toObservation(container('restarting', 'Restarting (1) 1 second ago'))).toMatchObject({ action: 'reported' });
  });

  it('skips containers without instance labels', () => {
    expect(toObservation(container('running', 'Up', {}))).toBeUndefined();
  });
});
