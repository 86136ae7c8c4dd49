export { graphqlMetricsPlugin, operationLabel } from './graphql-metrics';
export {
  counter,
  histogram,
  JOB_SECONDS_BUCKETS,
  metricsRegistry,
  observedGauge,
  observeOutboxBacklog,
  REQUEST_SECONDS_BUCKETS,
} from './metrics';
export { dockerSpanName } from './span-names';
export { shutdownTelemetry, startTelemetry } from './tracing';
