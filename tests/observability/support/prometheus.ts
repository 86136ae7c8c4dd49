/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses `name{label="value",...} 1.5` lines (comments and blank lines skipped). */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!.replace(/\\"/g, '"').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Fetches `/metrics` and reads one series: the sum of the samples whose labels include `labels` (0 if none). */
export async function scrape(url: string): Promise<(name: string, labels?: Record<string, string>) => number> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const samples = parsePrometheus(await response.text());
  return (name, labels = {}) =>
    samples
      .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
      .reduce((sum, sample) => sum + sample.value, 0);
}

/** Whether a series exists at all (a gauge at 0 still exists). */
export async function seriesNames(url: string): Promise<Set<string>> {
  return new Set(parsePrometheus(await (await fetch(url)).text()).map((sample) => sample.name));
}
