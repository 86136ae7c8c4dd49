import { dataOf, errorCodes, type GraphQLResponse, graphql } from '@saas/testing';
import { type IdentityStack, LOG_IN, logIn, signUp, startIdentityStack, strongPassword, unique } from './support/identity';

const REQUEST_RESET = 'mutation($email: String!) { requestPasswordReset(email: $email) }';
const RESET = 'mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }';

function expectLimited(response: GraphQLResponse<unknown>, windowSeconds: number): void {
  expect(errorCodes(response)).toEqual(['TOO_MANY_REQUESTS']);
  const retryAfter = response.errors?.[0]?.extensions?.retryAfter;
  expect(typeof retryAfter).toBe('number');
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

describe('identity: brute-force limits', () => {
  let identity: IdentityStack;

  beforeAll(async () => {
    identity = await startIdentityStack({
      authEnv: {
        LOGIN_LIMIT_PER_EMAIL_AND_IP: '3',
        LOGIN_LIMIT_PER_EMAIL: '6',
        LOGIN_LIMIT_PER_EMAIL_WINDOW_SECONDS: '1800',
        LOGIN_LIMIT_PER_IP: '25',
        LOGIN_LIMIT_WINDOW_SECONDS: '600',
        RESET_LIMIT_PER_EMAIL: '2',
        RESET_LIMIT_PER_IP: '8',
        RESET_LIMIT_WINDOW_SECONDS: '1200',
      },
    });
  });

  afterAll(async () => {
    await identity?.teardown();
  });

  it('limits log-in attempts per (email, client), even with the right password, but not the owner elsewhere', async () => {
    const user = await signUp(identity, 'limited');
    // The attacker calls the gateway from another loopback address than the owner (127.0.0.1).
    const fromAttacker = (password: string, email = user.email) => graphql(identity.stack.gatewayUrl, LOG_IN, { email, password }, { localAddress: '127.0.0.2' });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(errorCodes(await fromAttacker('wrong-password-123'))).toEqual(['UNAUTHENTICATED']);
    }
    expectLimited(await fromAttacker(user.password), 600);
    // Counted by normalised address, so case tricks do not help.
    expectLimited(await fromAttacker(user.password, user.email.toUpperCase()), 600);
    // The owner is not locked out, nor is another account.
    expect((await logIn(identity, user.email, user.password)).user.id).toBe(user.user.id);
    const other = await signUp(identity, 'unaffected');
    expect((await logIn(identity, other.email, other.password)).user.id).toBe(other.user.id);
  });

  it('locks the account after its account-wide number of failures, whoever failed', async () => {
    const user = await signUp(identity, 'account-wide');
    const localAddresses = ['127.0.0.3', '127.0.0.4', '127.0.0.5'];
    for (const localAddress of localAddresses) {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await graphql(identity.stack.gatewayUrl, LOG_IN, { email: user.email, password: 'wrong-password-123' }, { localAddress });
        expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      }
    }
    expectLimited(await identity.gql(LOG_IN, { email: user.email, password: user.password }), 1800);
  });

  it('forgives the failures of an address after a successful log-in', async () => {
    const user = await signUp(identity, 'forgiven');
    for (let attempt = 0; attempt < 2; attempt += 1) await identity.gql(LOG_IN, { email: user.email, password: 'wrong-password-123' });
    await logIn(identity, user.email, user.password);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(errorCodes(await identity.gql(LOG_IN, { email: user.email, password: 'wrong-password-123' }))).toEqual(['UNAUTHENTICATED']);
    }
    expect((await logIn(identity, user.email, user.password)).user.id).toBe(user.user.id);
  });

  it('limits log-in attempts per client IP across addresses', async () => {
    const user = await signUp(identity, 'same-ip');
    let limited: GraphQLResponse<unknown> | undefined;
    for (let attempt = 0; attempt < 30 && !limited; attempt += 1) {
      // A client-made x-forwarded-for changes nothing: the gateway sets it from the connection.
      const response = await graphql(
        identity.stack.gatewayUrl,
        LOG_IN,
        { email: `spray-${unique()}@example.test`, password: 'Spray-password-1' },
        { headers: { 'x-forwarded-for': `198.51.100.${attempt}` } },
      );
      if (errorCodes(response)[0] === 'TOO_MANY_REQUESTS') limited = response;
      else expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    }
    expect(limited).toBeDefined();
    if (limited) expectLimited(limited, 600);
    expectLimited(await identity.gql(LOG_IN, { email: user.email, password: user.password }), 600);
  });

  it('limits password reset requests per email and reset attempts per IP', async () => {
    const user = await signUp(identity, 'reset-limit');
    expect(dataOf(await identity.gql(REQUEST_RESET, { email: user.email }))).toEqual({ requestPasswordReset: true });
    expect(dataOf(await identity.gql(REQUEST_RESET, { email: user.email }))).toEqual({ requestPasswordReset: true });
    expectLimited(await identity.gql(REQUEST_RESET, { email: user.email }), 1200);

    let limited: GraphQLResponse<unknown> | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt += 1) {
      const response = await identity.gql(RESET, { token: `guess${attempt}${'x'.repeat(38)}`, password: strongPassword() });
      if (errorCodes(response)[0] === 'TOO_MANY_REQUESTS') limited = response;
      else expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    }
    expect(limited).toBeDefined();
    if (limited) expectLimited(limited, 1200);
  });
});
