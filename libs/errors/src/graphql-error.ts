import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
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
 * errors pass through, anything else becomes INTERNAL_SERVER_ERROR without detail.
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
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
      const { stacktrace: _stacktrace, exception: _exception, serviceName, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, ...location, extensions: options.serviceNames && serviceName !== undefined ? { ...extensions, serviceName } : extensions };
    }
    options.onUnexpected?.(original);
    return { message: INTERNAL_ERROR_MESSAGE, ...location, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`);
}
