import { describe, expect, it } from 'vitest';
import { instanceActions } from './instance-actions';

describe('instance actions', () => {
  it('offers stop and restart on a running instance, start on a stopped one', () => {
    expect(instanceActions('RUNNING', false, true)).toMatchObject({ start: false, stop: true, restart: true, delete: true, backup: true });
    expect(instanceActions('STOPPED', false, true)).toMatchObject({ start: true, stop: false, restart: false, delete: true });
  });

  it('hibernates only a running instance, wakes a hibernated one with start, upgrades a running or stopped one', () => {
    expect(instanceActions('RUNNING', false, true)).toMatchObject({ hibernate: true, upgrade: true });
    expect(instanceActions('STOPPED', false, true)).toMatchObject({ hibernate: false, upgrade: true });
    expect(instanceActions('HIBERNATED', false, true)).toMatchObject({ hibernate: false, start: true, upgrade: false });
  });

  it('offers nothing while an operation runs, when deleted, or to a member', () => {
    expect(Object.values(instanceActions('RUNNING', true, true)).some(Boolean)).toBe(false);
    expect(Object.values(instanceActions('PROVISIONING', false, true)).some(Boolean)).toBe(false);
    expect(Object.values(instanceActions('DELETED', false, true)).some(Boolean)).toBe(false);
    expect(Object.values(instanceActions('RUNNING', false, false)).some(Boolean)).toBe(false);
  });
});
