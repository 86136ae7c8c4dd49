import type { ServiceName } from '@saas/stack';

/** The `service` field each process puts on its log lines (createLogger's `service`). */
export const SERVICE_LOG_NAMES: Record<ServiceName, string> = {
  gateway: 'gateway',
  auth: 'auth-subgraph',
  tenant: 'tenant-subgraph',
  user: 'user-subgraph',
  billing: 'billing-subgraph',
  instance: 'instance-subgraph',
  worker: 'provisioning-worker',
};

export type LogLine = Record<string, unknown>;

/** A line of a process's output that is not a JSON log object (or names another service). */
export interface StrayLine {
  service: string;
  line: string;
}

/**
 * Parses a process's output, one JSON object per line. The last line counts only once it
 * ends with a newline (the process may be writing it). Lines that are not JSON objects, or
 * have no `service` equal to `expectedService`, are returned as strays.
 */
export function parseLogLines(output: string, expectedService: string): { lines: LogLine[]; strays: StrayLine[] } {
  const complete = output.endsWith('\n') ? output : output.slice(0, output.lastIndexOf('\n') + 1);
  const lines: LogLine[] = [];
  const strays: StrayLine[] = [];
  for (const text of complete.split('\n')) {
    if (text === '') continue;
    const parsed = parseObject(text);
    if (parsed && parsed.service === expectedService) lines.push(parsed);
    else strays.push({ service: expectedService, line: text.slice(0, 300) });
  }
  return { lines, strays };
}

function parseObject(text: string): LogLine | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}
