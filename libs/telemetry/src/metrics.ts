import {
  collectDefaultMetrics,
  Counter,
  type CounterConfiguration,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';

/** The process's Prometheus metrics, served on `GET /metrics` of the operations port (libs/http `startOperationsServer`). */
export const metricsRegistry = new Registry();

let started = false;

/** Default Node process metrics and a `service` label on every series. */
export function startMetrics(serviceName: string): void {
  if (started) return;
  started = true;
  metricsRegistry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: metricsRegistry });
}

/**
 * Metrics are process-wide while the code that records them may be built more than once
 * (two servers in one test process): the first definition of a name wins.
 */
export function counter<T extends string>(config: Omit<CounterConfiguration<T>, 'registers'>): Counter<T> {
  return (metricsRegistry.getSingleMetric(config.name) as Counter<T> | undefined) ?? new Counter({ ...config, registers: [metricsRegistry] });
}

export function histogram<T extends string>(config: Omit<HistogramConfiguration<T>, 'registers'>): Histogram<T> {
  return (
    (metricsRegistry.getSingleMetric(config.name) as Histogram<T> | undefined) ?? new Histogram({ ...config, registers: [metricsRegistry] })
  );
}

/**
 * A gauge computed when scraped. Registering the name again replaces the source (a
 * restarted component in the same process reports itself, not its predecessor).
 */
export function observedGauge<T extends string>(
  config: Omit<GaugeConfiguration<T>, 'registers' | 'collect'>,
  observe: (gauge: Gauge<T>) => Promise<void> | void,
): Gauge<T> {
  metricsRegistry.removeSingleMetric(config.name);
  return new Gauge<T>({
    ...config,
    registers: [metricsRegistry],
    async collect() {
      // A failing source (database down) leaves the last values; the scrape still answers.
      await Promise.resolve(observe(this)).catch(() => undefined);
    },
  });
}

/** Latency buckets in seconds, from a cached read to a slow cross-service mutation. */
export const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Job durations in seconds: a stop takes a second, a create with a first pull minutes. */
export const JOB_SECONDS_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

/** `outbox_backlog`: rows written but not yet confirmed by the broker. */
export function observeOutboxBacklog(relay: { backlog(): Promise<number> }): void {
  observedGauge({ name: 'outbox_backlog', help: 'Outbox rows not yet confirmed by the broker' }, async (gauge) => {
    gauge.set(await relay.backlog());
  });
}
