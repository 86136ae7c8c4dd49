import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '@saas/stack';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');

interface Collector {
  receivers: { prometheus: { config: { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }> } } };
}

interface Dashboard {
  panels: Array<{ title: string; type: string; targets?: Array<{ expr: string; datasource: { uid: string } }> }>;
}

/** Names of the metrics our code defines (`name: 'x'` next to prom-client constructors). */
function definedMetrics(): Set<string> {
  const names = new Set<string>();
  const scan = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (entry === 'node_modules' || entry === '__generated__') continue;
      if (statSync(file).isDirectory()) scan(file);
      else if (file.endsWith('.ts') && !file.endsWith('.spec.ts')) {
        for (const [, name] of readFileSync(file, 'utf8').matchAll(/name: '([a-z][a-z0-9_]*)',\s*help:/g)) names.add(name!);
      }
    }
  };
  for (const dir of ['libs/telemetry/src', 'gateway/src', 'provisioning-worker/src', 'subgraphs/instance/src']) scan(path.join(ROOT, dir));
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) names.add(metric.name);
  return names;
}

/** Metric names a PromQL expression reads: identifiers outside strings, matchers and `by (...)`. */
function metricsOf(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without)\s*\([^)]*\)/g, '');
  const functions = new Set(['histogram_quantile', 'rate', 'increase', 'sum', 'max', 'min', 'avg']);
  return [...stripped.matchAll(/[a-z_][a-z0-9_]*/g)]
    .map(([word]) => word)
    .filter((word) => !functions.has(word))
    .map((word) => word.replace(/_(bucket|sum|count)$/, ''));
}

describe('observability configuration (ops/otel, ops/grafana)', () => {
  it('the collector scrapes every process of the catalog on its operations port', () => {
    const collector = parse(readFileSync(path.join(ROOT, 'ops/otel/collector.yaml'), 'utf8')) as Collector;
    const targets = collector.receivers.prometheus.config.scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    expect(targets.sort()).toEqual(SERVICES.map((service) => `${service.name}:${service.defaultMetricsPort}`).sort());
  });

  it('every dashboard query reads metrics the services export, from the provisioned datasource', () => {
    const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'ops/grafana/dashboard.json'), 'utf8')) as Dashboard;
    const defined = definedMetrics();
    const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []);
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) {
      expect(query.datasource.uid).toBe('prometheus');
      const unknown = metricsOf(query.expr).filter((name) => !defined.has(name));
      expect({ expr: query.expr, unknown }).toEqual({ expr: query.expr, unknown: [] });
    }
  });
});
