export {
  BadUserInputError,
  ConflictError,
  DomainError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  QuotaExceededError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthenticatedError,
} from './domain-error';
export type { ErrorDetails } from './domain-error';
export { createFormatError, DEPENDENCY_OUTAGE_MESSAGE, httpStatusOf, INTERNAL_ERROR_MESSAGE, toGraphQLError } from './graphql-error';
export type { FormatErrorOptions } from './graphql-error';
export { isDependencyOutage } from './dependency-outage';
