export { healthRouter } from './health';
export type { MetricsSource, ReadinessCheck } from './health';
export { closeServer, exitOnStartupFailure, listen, onShutdown } from './server';
export type { ShutdownStep } from './server';
