export { operationsRouter, publicProbes, runChecks } from './health';
export type { CheckResult, MetricsSource, ReadinessCheck } from './health';
export { startOperationsServer } from './operations-server';
export type { OperationsServerConfig, RunningOperationsServer } from './operations-server';
export { closeServer, exitOnStartupFailure, listen, onShutdown } from './server';
export type { ShutdownStep } from './server';
