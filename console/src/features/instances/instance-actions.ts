/** What a person may do to an instance in a given state (the server decides; this only hides buttons that would be refused). */
export interface InstanceActions {
  start: boolean;
  stop: boolean;
  restart: boolean;
  delete: boolean;
  backup: boolean;
  restore: boolean;
  upgrade: boolean;
  /** Hibernate now (it wakes on its next request). */
  hibernate: boolean;
}

const BUSY = new Set(['PENDING', 'PROVISIONING', 'STARTING', 'STOPPING', 'RESTARTING', 'BACKING_UP', 'RESTORING', 'UPGRADING', 'DELETING']);

export function instanceActions(status: string, hasCurrentOperation: boolean, canManage: boolean): InstanceActions {
  const idle = canManage && !hasCurrentOperation && !BUSY.has(status) && status !== 'DELETED';
  return {
    start: idle && (status === 'STOPPED' || status === 'HIBERNATED' || status === 'FAILED'),
    stop: idle && status === 'RUNNING',
    restart: idle && status === 'RUNNING',
    delete: idle,
    backup: idle && (status === 'RUNNING' || status === 'STOPPED'),
    restore: idle && (status === 'RUNNING' || status === 'STOPPED'),
    upgrade: idle && (status === 'RUNNING' || status === 'STOPPED'),
    hibernate: idle && status === 'RUNNING',
  };
}

export function isBusy(status: string): boolean {
  return BUSY.has(status);
}
