/** Socket errors of a dependency that is down, restarting or unreachable for now. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve now: connection exceptions (class 08),
 * shutting down / starting up (57P01-57P03), out of connections or resources (53xxx).
 */
const POSTGRES_STATE = /^(08...|57P0[1-3]|53...)$/;

/** Errors by name: MikroORM's, node-redis's and rabbitmq-client's words for "not reachable". */
const OUTAGE_NAMES = new Set([
  'ConnectionException',
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'SocketClosedUnexpectedlyError',
  'ReconnectStrategyError',
  'AMQPConnectionError',
]);

/** Messages of drivers that throw plain errors (pg, knex's pool, node-redis). */
const OUTAGE_MESSAGES = [
  /connection terminated/i,
  /timeout acquiring a connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /connection (is )?closed/i,
  /client is (closed|offline)/i,
  /socket closed unexpectedly/i,
  /fetch failed/i,
];

/**
 * Whether `error` (or anything in its `cause` chain) says a dependency (PostgreSQL, Redis,
 * RabbitMQ, another service) is unavailable right now rather than that the work is wrong:
 * the same work succeeds once the dependency is back, so it is retried, not given up.
 */
export function isDependencyOutage(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (describesOutage(current as Record<string, unknown>)) return true;
    const { cause, errors, originalError } = current as {
      cause?: unknown;
      errors?: unknown;
      originalError?: unknown;
    };
    pending.push(cause, originalError);
    if (Array.isArray(errors)) pending.push(...errors);
  }
  return false;
}

function describesOutage(error: Record<string, unknown>): boolean {
  const { code, name, message } = error;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATE.test(code))) return true;
  if (typeof name === 'string' && OUTAGE_NAMES.has(name)) return true;
  return typeof message === 'string' && OUTAGE_MESSAGES.some((pattern) => pattern.test(message));
}
