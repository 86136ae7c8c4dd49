/** Stable codes clients see in `extensions.code`. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** Over the gateway's depth, alias, token or cost limits (refused before planning). */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Extra machine-readable facts about an error, copied into `extensions`. */
export type ErrorDetails = Record<string, string | number | boolean | null | readonly string[]>;

/**
 * An expected failure of a business rule. Its message is written for the user; the
 * `cause`, if any, is only logged.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadUserInputError extends DomainError {
  /** `field` names the offending input, e.g. `input.slug`. */
  constructor(message: string, field?: string, details: ErrorDetails = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { field, ...details } : details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'You must be signed in.') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.', details: ErrorDetails = {}) {
    super(ErrorCode.FORBIDDEN, message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super(ErrorCode.NOT_FOUND, `${entity} not found.`, id === undefined ? { entity } : { entity, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(ErrorCode.CONFLICT, message, details);
  }
}

export class QuotaExceededError extends DomainError {
  /** `limit` names the plan limit, e.g. `maxInstances`. */
  constructor(message: string, limit: string, value: number | string) {
    super(ErrorCode.QUOTA_EXCEEDED, message, { limit, value });
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number, message = 'Too many attempts; try again later.') {
    super(ErrorCode.TOO_MANY_REQUESTS, message, { retryAfter: retryAfterSeconds });
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.SERVICE_UNAVAILABLE, message, {}, options);
  }
}
