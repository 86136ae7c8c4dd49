/**
 * A line of an instance's live log (Subscription.instanceLogs), as the worker writes it to
 * Redis: the instance's recent lines (a list) and its channel carry the same JSON.
 */
export interface InstanceLogEntry {
  /** Position in the instance's log, increasing by one per line (deduplicates list and channel). */
  n: number;
  /** When it was written (ISO 8601). */
  at: string;
  /** stdout or stderr of the Odoo container, or platform (an operation step, a dropped-lines marker). */
  stream: 'stdout' | 'stderr' | 'platform';
  /** Without its line break, secrets masked. */
  line: string;
}

/** How many recent lines the worker keeps per watched instance: the largest `tail`. */
export const INSTANCE_LOG_RECENT_LINES = 1000;
