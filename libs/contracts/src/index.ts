export * from './instance-job';
export * from './instance-status';
export * from './platform-events';
export * from './status-change';
export * from './topology';
export * from './worker-event';
export * from './message-schemas';
export * from './instance-log';
