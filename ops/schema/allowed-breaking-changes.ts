import { existsSync, readFileSync } from 'node:fs';
import type { SchemaChange } from './schema-diff';

/** One breaking change the team accepted, e.g. a field no client uses any more. */
export interface AllowedBreakingChange {
  subgraph: string;
  code: string;
  coordinate: string;
  /** Why breaking clients is acceptable: who agreed, which clients were checked. */
  reason: string;
}

export interface AllowList {
  entries: AllowedBreakingChange[];
  /** Malformed entries; the check fails on them rather than ignoring them. */
  problems: string[];
}

/**
 * Reads `schema/allowed-breaking-changes.json`: `{ "allowed": [{ subgraph, code, coordinate,
 * reason }] }`. A missing file allows nothing.
 */
export function readAllowList(file: string, label = file): AllowList {
  if (!existsSync(file)) return { entries: [], problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { entries: [], problems: [`${label}: not valid JSON (${(error as Error).message})`] };
  }
  return parseAllowList(parsed, label);
}

export function parseAllowList(parsed: unknown, file: string): AllowList {
  const allowed = typeof parsed === 'object' && parsed !== null ? (parsed as { allowed?: unknown }).allowed : undefined;
  if (!Array.isArray(allowed)) return { entries: [], problems: [`${file}: expected { "allowed": [ ... ] }`] };
  const entries: AllowedBreakingChange[] = [];
  const problems: string[] = [];
  allowed.forEach((entry: unknown, index) => {
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const missing = (['subgraph', 'code', 'coordinate', 'reason'] as const).filter((key) => typeof record[key] !== 'string' || (record[key] as string).trim() === '');
    if (missing.length > 0) {
      problems.push(`${file}: allowed[${index}] needs a non-empty ${missing.join(', ')}`);
      return;
    }
    if (/^\s*TODO\b/i.test(record.reason as string)) {
      problems.push(`${file}: allowed[${index}] (${String(record.coordinate)}) still has a TODO reason`);
      return;
    }
    entries.push({ subgraph: record.subgraph as string, code: record.code as string, coordinate: record.coordinate as string, reason: record.reason as string });
  });
  return { entries, problems };
}

export function findAllowance(entries: readonly AllowedBreakingChange[], subgraph: string, change: SchemaChange): AllowedBreakingChange | undefined {
  return entries.find((entry) => entry.subgraph === subgraph && entry.code === change.code && entry.coordinate === change.coordinate);
}

/** The entry to paste into the allow-list for a change, with the reason left to write. */
export function allowListEntryFor(subgraph: string, change: SchemaChange): string {
  return JSON.stringify({ subgraph, code: change.code, coordinate: change.coordinate, reason: 'TODO: why breaking clients is acceptable' });
}
