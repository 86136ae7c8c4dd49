import { GraphQLError } from 'graphql';
import {
  BadUserInputError,
  ConflictError,
  createFormatError,
  DomainError,
  ErrorCode,
  ForbiddenError,
  httpStatusOf,
  INTERNAL_ERROR_MESSAGE,
  NotFoundError,
  QuotaExceededError,
  TooManyRequestsError,
  UnauthenticatedError,
} from '../src';

const format = (error: unknown, onUnexpected = jest.fn()) => {
  const formatted = error instanceof GraphQLError ? error.toJSON() : { message: String(error), extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x (y.ts:1:1)'] } };
  return { result: createFormatError({ onUnexpected })(formatted, error), onUnexpected };
};

describe('error mapping at the API edge', () => {
  it.each([
    [new BadUserInputError('Slug is bad.', 'input.slug'), { code: 'BAD_USER_INPUT', field: 'input.slug' }],
    [new UnauthenticatedError(), { code: 'UNAUTHENTICATED' }],
    [new ForbiddenError('No.', { requiredRole: 'ADMIN' }), { code: 'FORBIDDEN', requiredRole: 'ADMIN' }],
    [new NotFoundError('Instance', 'abc'), { code: 'NOT_FOUND', entity: 'Instance', id: 'abc' }],
    [new ConflictError('Taken.', { status: 'RUNNING' }), { code: 'CONFLICT', status: 'RUNNING' }],
    [new QuotaExceededError('Too many.', 'maxInstances', 3), { code: 'QUOTA_EXCEEDED', limit: 'maxInstances', value: 3 }],
    [new TooManyRequestsError(42), { code: 'TOO_MANY_REQUESTS', retryAfter: 42 }],
  ])('%s keeps its message and maps to a stable code with its details', (error, extensions) => {
    const { result } = format(error);
    expect(result).toMatchObject({ message: error.message, extensions });
  });

  it('a domain error thrown in a resolver (wrapped by graphql-js) is unwrapped', () => {
    const wrapped = new GraphQLError('wrapped', { originalError: new NotFoundError('Tenant'), path: ['tenant'] });
    const formatted = createFormatError()({ message: 'wrapped', extensions: {} }, wrapped);
    expect(formatted.extensions?.code).toBe('NOT_FOUND');
    expect(formatted.message).toBe('Tenant not found.');
  });

  it('an unexpected error becomes INTERNAL_SERVER_ERROR without detail or stack trace, and is reported', () => {
    const { result, onUnexpected } = format(new Error('connection refused at 10.0.0.3'));
    expect(result).toEqual({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(onUnexpected).toHaveBeenCalledTimes(1);
  });

  it('GraphQL parse and validation errors pass through without a stack trace', () => {
    const error = new GraphQLError('Syntax Error: Expected Name', { extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['at parse'] } });
    const { result, onUnexpected } = format(error);
    expect(result.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
    expect(onUnexpected).not.toHaveBeenCalled();
  });

  it('every code has an HTTP status for requests refused as a whole', () => {
    for (const code of Object.values(ErrorCode)) expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
    expect(httpStatusOf(ErrorCode.UNAUTHENTICATED)).toBe(401);
  });

  it('domain errors are named after their class', () => {
    expect(new ConflictError('x').name).toBe('ConflictError');
    expect(new ConflictError('x')).toBeInstanceOf(DomainError);
  });
});

describe('extensions.serviceName (added by the gateway to subgraph errors)', () => {
  const fromSubgraph = { message: 'Instance not found.', extensions: { code: 'NOT_FOUND', serviceName: 'instance' } };

  it('is left out unless enabled', () => {
    expect(createFormatError()(fromSubgraph, new GraphQLError(fromSubgraph.message)).extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('is kept when enabled (outside production by default)', () => {
    expect(createFormatError({ serviceNames: true })(fromSubgraph, new GraphQLError(fromSubgraph.message)).extensions).toEqual({
      code: 'NOT_FOUND',
      serviceName: 'instance',
    });
  });
});
