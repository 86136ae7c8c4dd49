import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDependencyOutage } from './dependency-outage';
import { DomainError, ErrorCode } from './domain-error';

/** HTTP-ish class of each code; the exhaustive switch makes a new code impossible to forget. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.QUERY_TOO_COMPLEX:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.QUOTA_EXCEEDED:
      return 402;
    case ErrorCode.TOO_MANY_REQUESTS:
      return 429;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    default:
      return assertNever(code);
  }
}

/**
 * The GraphQL error a client sees for a domain error: its message, its code and its
 * details (e.g. `field`, `limit`, `retryAfter`). The HTTP status stays 200 for execution
 * errors (GraphQL over HTTP); {@link httpStatusOf} serves where a request is refused whole.
 */
export function toGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.details, code: error.code } });
}

/** Codes produced by GraphQL itself or Apollo Server that are safe to show as they are. */
const PASS_THROUGH_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ...Object.values(ErrorCode),
]);

export const INTERNAL_ERROR_MESSAGE = 'Internal server error.';

/**
 * What a client reads when a dependency (database, Redis, broker) is down. Retrying is safe:
 * a mutation retried with the same idempotency key takes effect once.
 */
export const DEPENDENCY_OUTAGE_MESSAGE =
  'A service this request needs is unavailable for a moment; retry shortly (a mutation retried with the same idempotency key takes effect once).';

export interface FormatErrorOptions {
  /** Receives failures that are not domain errors, to log them with their cause. */
  onUnexpected?: (error: unknown) => void;
  /**
   * Keep `extensions.serviceName`, the subgraph an error came from (the gateway adds it).
   * Default false: which services stand behind the API is not a client's business (production).
   */
  serviceNames?: boolean;
}

/**
 * Apollo Server `formatError`: domain errors become their code and message, known GraphQL
 * errors pass through, a dependency outage becomes a retryable SERVICE_UNAVAILABLE, anything
 * else becomes INTERNAL_SERVER_ERROR without detail.
 * Stack traces never leave the process.
 */
export function createFormatError(options: FormatErrorOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const location = { locations: formatted.locations, path: formatted.path };
    if (original instanceof DomainError) {
      const mapped = toGraphQLError(original);
      return { message: mapped.message, ...location, extensions: mapped.extensions };
    }
    if (isRequestRefusedByApollo(original)) {
      return { message: formatted.message, ...location, extensions: { code: 'BAD_REQUEST' } };
    }
    const code = formatted.extensions?.code;
    if ((typeof code === 'string' && PASS_THROUGH_CODES.has(code)) || isAlreadyMasked(formatted)) {
      const { stacktrace: _stacktrace, exception: _exception, serviceName, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, ...location, extensions: options.serviceNames && serviceName !== undefined ? { ...extensions, serviceName } : extensions };
    }
    options.onUnexpected?.(original);
    if (isDependencyOutage(original)) {
      return { message: DEPENDENCY_OUTAGE_MESSAGE, ...location, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true } };
    }
    return { message: INTERNAL_ERROR_MESSAGE, ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * An error another service (or an earlier pass) already masked: formatting it again would
 * log it once more as unexpected, though its cause was logged where it happened.
 */
function isAlreadyMasked(formatted: GraphQLFormattedError): boolean {
  const { code, serviceName: _serviceName, ...others } = formatted.extensions ?? {};
  return formatted.message === INTERNAL_ERROR_MESSAGE && code === 'INTERNAL_SERVER_ERROR' && Object.keys(others).length === 0;
}

/**
 * A request Apollo Server refuses before execution with an HTTP 4xx and no code of its own
 * (an APQ `sha256Hash` that does not match the query, an unsupported persisted-query
 * version): the client's mistake, answered as Apollo's BAD_REQUEST, not an unexpected failure.
 */
function isRequestRefusedByApollo(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`);
}
