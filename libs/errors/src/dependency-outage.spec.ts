import { isDependencyOutage } from './dependency-outage';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('isDependencyOutage', () => {
  it.each([
    ['pg, server down', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['pg, server restarting', withCode('the database system is starting up', '57P03')],
    ['pg, terminated by a restart', withCode('terminating connection due to administrator command', '57P01')],
    ['pg, connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['knex pool, nothing to connect to', named('KnexTimeoutError', 'Knex: Timeout acquiring a connection. The pool is probably full.')],
    ['MikroORM wrapping pg', Object.assign(named('ConnectionException', 'connect ECONNREFUSED'), { cause: withCode('x', 'ECONNREFUSED') })],
    ['node-redis without an offline queue', named('ClientOfflineError', 'The client is offline')],
    ['node-redis closed', named('ClientClosedError', 'The client is closed')],
    ['fetch to a service that is down', new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
    ['deep in a cause chain', new Error('applying the event', { cause: new Error('loading', { cause: withCode('x', 'ETIMEDOUT') }) })],
    ['one of several', new AggregateError([new Error('a'), withCode('b', 'ECONNRESET')])],
  ])('takes %s for an outage', (_case, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_case, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });

  it('survives a cause cycle', () => {
    const error: Error & { cause?: unknown } = new Error('a');
    error.cause = error;
    expect(isDependencyOutage(error)).toBe(false);
  });
});
