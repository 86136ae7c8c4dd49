export interface LogLine {
  at: string;
  stream: string;
  line: string;
}

/** The most lines the panel keeps; older ones scroll away. */
export const MAX_LOG_LINES = 1000;

/** Appends a line, keeping the newest `max`. */
export function appendLogLine(lines: readonly LogLine[], line: LogLine, max = MAX_LOG_LINES): LogLine[] {
  const next = [...lines, line];
  return next.length > max ? next.slice(next.length - max) : next;
}

const STREAMS = new Set(['stdout', 'stderr', 'platform']);

/** The CSS class of a line's stream (an unknown stream looks like stdout). */
export function logStreamClass(stream: string): string {
  return `log-${STREAMS.has(stream) ? stream : 'stdout'}`;
}
