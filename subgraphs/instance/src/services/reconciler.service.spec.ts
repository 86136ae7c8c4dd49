import type { ContainerObservation, InstanceStatus } from '@saas/contracts';
import { driftOf, movedDirectUrl } from './reconciler.service';

const instance = (status: InstanceStatus) => ({ id: 'i-1', tenantId: 't-1', status });
const container = (state: string): ContainerObservation => ({
  instanceId: 'i-1',
  tenantId: 't-1',
  containerId: 'c-1',
  state,
  action: state === 'running' ? 'none' : 'reported',
});

describe('driftOf', () => {
  it('sees nothing wrong with a RUNNING instance whose container runs', () => {
    expect(driftOf(instance('RUNNING'), container('running'))).toBeNull();
  });

  it('restarts the container of a RUNNING instance that crash-loops (the engine keeps restarting it)', () => {
    expect(driftOf(instance('RUNNING'), container('restarting'))).toEqual({
      instanceId: 'i-1',
      tenantId: 't-1',
      kind: 'container-crash-looping',
      repair: 'RESTART',
    });
  });

  it.each(['exited', 'dead', 'paused', 'created'])('restarts the container of a RUNNING instance that is %s', (state) => {
    expect(driftOf(instance('RUNNING'), container(state))).toMatchObject({ kind: 'container-stopped', repair: 'RESTART' });
  });

  it('reports the missing container of a RUNNING instance, with no repair', () => {
    expect(driftOf(instance('RUNNING'), undefined)).toEqual({ instanceId: 'i-1', tenantId: 't-1', kind: 'container-missing' });
  });

  it('stops again the running container of a STOPPED instance, and leaves a stopped one alone', () => {
    expect(driftOf(instance('STOPPED'), container('running'))).toMatchObject({ kind: 'container-running', repair: 'STOP' });
    expect(driftOf(instance('STOPPED'), container('exited'))).toBeNull();
    expect(driftOf(instance('STOPPED'), undefined)).toBeNull();
  });
});

describe('driftOf a HIBERNATED instance', () => {
  it('sees no drift in its stopped or missing container: it is asleep on purpose, never restarted', () => {
    expect(driftOf(instance('HIBERNATED'), container('exited'))).toBeNull();
    expect(driftOf(instance('HIBERNATED'), undefined)).toBeNull();
  });

  it('hibernates again a container that runs behind the platform back (not STOP: the next request must still wake it)', () => {
    expect(driftOf(instance('HIBERNATED'), container('running'))).toEqual({ instanceId: 'i-1', tenantId: 't-1', kind: 'container-running', repair: 'HIBERNATE' });
  });
});

describe('movedDirectUrl', () => {
  const running = { ...container('running'), directUrl: 'http://127.0.0.1:32800' };

  it('gives the new address of a RUNNING instance whose container answers elsewhere (a restart publishes a new port)', () => {
    expect(movedDirectUrl({ status: 'RUNNING', directUrl: 'http://127.0.0.1:32768' }, running)).toBe('http://127.0.0.1:32800');
    expect(movedDirectUrl({ status: 'RUNNING', directUrl: null }, running)).toBe('http://127.0.0.1:32800');
  });

  it('changes nothing when the address is the same or unknown, the container does not run, or the instance is not RUNNING', () => {
    expect(movedDirectUrl({ status: 'RUNNING', directUrl: 'http://127.0.0.1:32800' }, running)).toBeNull();
    expect(movedDirectUrl({ status: 'RUNNING', directUrl: 'http://127.0.0.1:32768' }, container('running'))).toBeNull();
    expect(movedDirectUrl({ status: 'RUNNING', directUrl: 'http://127.0.0.1:32768' }, { ...running, state: 'restarting' })).toBeNull();
    expect(movedDirectUrl({ status: 'STOPPED', directUrl: 'http://127.0.0.1:32768' }, running)).toBeNull();
    expect(movedDirectUrl({ status: 'RUNNING', directUrl: 'http://127.0.0.1:32768' }, undefined)).toBeNull();
  });
});
