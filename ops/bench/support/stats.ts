import { readFileSync } from 'node:fs';

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of `values` (not sorted in place). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function summarize(values: readonly number[]): Summary {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
  };
}

/** Resident memory of a process, in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** Samples a process's RSS until stopped; returns the peak. */
export function sampleRss(pid: number, intervalMs = 100): { stop: () => number } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      // the process may have exited
    }
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/** Prints a two-column table: what was measured, and its value. */
export function printTable(title: string, rows: Array<[string, string | number]>): void {
  const width = Math.max(...rows.map(([label]) => label.length), 10);
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(22)}+`;
  console.log(`\n${title}\n${line}`);
  for (const [label, value] of rows) {
    const shown = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(1)) : value;
    console.log(`| ${label.padEnd(width)} | ${shown.padStart(20)} |`);
  }
  console.log(line);
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** CPU seconds (user + system) a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until process `pid` is idle (under `maxShare` of a core over `windowMs`), at most
 * `timeoutMs`: the steady state a measurement starts from, after connection set-up and GC.
 */
export async function waitForIdle(pid: number, { windowMs = 500, maxShare = 0.1, timeoutMs = 20_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const before = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if ((cpuSeconds(pid) - before) / (windowMs / 1000) < maxShare) return;
  }
}
