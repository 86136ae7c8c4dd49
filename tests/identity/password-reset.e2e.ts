import { dataOf, errorCodes } from '@saas/testing';
import { type IdentityStack, LOG_IN, logIn, ME, REFRESH, signUp, startIdentityStack, strongPassword, tokenInMail, unique } from './support/identity';

const REQUEST_RESET = 'mutation($email: String!) { requestPasswordReset(email: $email) }';
const RESET = 'mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }';

describe('identity: password reset by email', () => {
  let identity: IdentityStack;

  beforeAll(async () => {
    identity = await startIdentityStack();
  });

  afterAll(async () => {
    await identity?.teardown();
  });

  const resetMail = (email: string, nth = 0) =>
    identity.mail.waitFor((mail) => /reset/i.test(mail.subject) && identity.mail.to(email).filter((m) => /reset/i.test(m.subject)).indexOf(mail) === nth);

  it('resets the password with the mailed link, signs out everywhere and verifies the address', async () => {
    const user = await signUp(identity, 'reset');
    const other = await logIn(identity, user.email, user.password);
    expect(dataOf(await identity.gql(REQUEST_RESET, { email: ` ${user.email.toUpperCase()} ` }))).toEqual({ requestPasswordReset: true });
    const mail = await resetMail(user.email);
    expect(mail.text).toContain('https://app.example.test/reset-password?token=');
    const token = tokenInMail(mail.text);

    // A refused new password does not use the token up.
    const weak = await identity.gql(RESET, { token, password: 'short' });
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', reason: 'TOO_SHORT' });

    const next = strongPassword();
    expect(dataOf(await identity.gql(RESET, { token, password: next }))).toEqual({ resetPassword: true });
    for (const session of [user, other]) {
      expect((await identity.gql(ME, {}, session.accessToken)).status).toBe(401);
      expect(errorCodes(await identity.gql(REFRESH, { refreshToken: session.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    }
    expect(errorCodes(await identity.gql(LOG_IN, { email: user.email, password: user.password }))).toEqual(['UNAUTHENTICATED']);
    const signedIn = await logIn(identity, user.email, next);
    expect(signedIn.user.emailVerified).toBe(true);

    // The link works once.
    const reused = await identity.gql(RESET, { token, password: strongPassword() });
    expect(errorCodes(reused)).toEqual(['BAD_USER_INPUT']);
    expect(reused.errors?.[0]?.extensions?.field).toBe('token');
    expect((await logIn(identity, user.email, next)).user.id).toBe(user.user.id);
  });

  it('voids older links once a newer one was used', async () => {
    const user = await signUp(identity, 'two-links');
    await identity.gql(REQUEST_RESET, { email: user.email });
    const first = tokenInMail((await resetMail(user.email, 0)).text);
    await identity.gql(REQUEST_RESET, { email: user.email });
    const second = tokenInMail((await resetMail(user.email, 1)).text);
    expect(dataOf(await identity.gql(RESET, { token: second, password: strongPassword() }))).toEqual({ resetPassword: true });
    expect(errorCodes(await identity.gql(RESET, { token: first, password: strongPassword() }))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers true for an unknown address and sends nothing', async () => {
    const nobody = `nobody-${unique()}@example.test`;
    expect(dataOf(await identity.gql(REQUEST_RESET, { email: nobody }))).toEqual({ requestPasswordReset: true });
    // A known address asked after it gets its mail; by then the unknown one would have had its own.
    const user = await signUp(identity, 'after');
    await identity.gql(REQUEST_RESET, { email: user.email });
    await resetMail(user.email);
    expect(identity.mail.to(nobody)).toEqual([]);
  });

  it('refuses made-up tokens and malformed addresses', async () => {
    expect(errorCodes(await identity.gql(RESET, { token: 'C'.repeat(43), password: strongPassword() }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await identity.gql(REQUEST_RESET, { email: 'nope' }))).toEqual(['BAD_USER_INPUT']);
  });
});
