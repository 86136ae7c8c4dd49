export { REPO_ROOT, SERVICES, serviceDefinition, SUBGRAPHS } from './catalog';
export type { ServiceDefinition, ServiceName, SubgraphName } from './catalog';
export { ServiceProcess, SUPERVISOR_ENTRY } from './service-process';
export type { SpawnOptions } from './service-process';
export { operationsUrl, serviceEnvironment } from './stack-env';
export type { StackLayout } from './stack-env';
export { supervise } from './supervisor';
export type { SuperviseOptions } from './supervisor';
