import { dataOf, errorCodes } from '@saas/testing';
import { type AuthPayload, decodeJwt, type IdentityStack, LOG_IN, logIn, ME, REFRESH, signUp, startIdentityStack, strongPassword } from './support/identity';

const LOG_OUT = 'mutation($refreshToken: String) { logOut(refreshToken: $refreshToken) }';
const CHANGE_PASSWORD = 'mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }';

describe('identity: sessions, refresh tokens, log-out', () => {
  let identity: IdentityStack;

  /** The gateway's answer to a request with this access token: 200 with data, or 401. */
  const meWith = (accessToken: string) => identity.gql<{ me: { id: string } | null }>(ME, {}, accessToken);
  const refresh = (refreshToken: string) => identity.gql<{ refreshSession: AuthPayload }>(REFRESH, { refreshToken });

  const expectRefused = async (accessToken: string) => {
    const response = await meWith(accessToken);
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  };

  beforeAll(async () => {
    identity = await startIdentityStack();
  });

  afterAll(async () => {
    await identity?.teardown();
  });

  it('rotates the refresh token on every use and keeps the session', async () => {
    const user = await signUp(identity, 'rotate');
    const first = dataOf(await refresh(user.refreshToken)).refreshSession;
    expect(first.refreshToken).not.toBe(user.refreshToken);
    expect(first.user).toEqual(user.user);
    expect(decodeJwt(first.accessToken).claims.sid).toBe(decodeJwt(user.accessToken).claims.sid);
    const second = dataOf(await refresh(first.refreshToken)).refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(dataOf(await meWith(second.accessToken)).me?.id).toBe(user.user.id);
    // The access tokens of a live session all stay valid until they expire.
    expect(dataOf(await meWith(user.accessToken)).me?.id).toBe(user.user.id);
  });

  it('revokes the whole family when a used refresh token comes back', async () => {
    const user = await signUp(identity, 'reuse');
    const rotated = dataOf(await refresh(user.refreshToken)).refreshSession;

    // An attacker replays the first refresh token.
    const replay = await refresh(user.refreshToken);
    expect(errorCodes(replay)).toEqual(['UNAUTHENTICATED']);

    // The legitimate holder's newer tokens die with the family, at once.
    expect(errorCodes(await refresh(rotated.refreshToken))).toEqual(['UNAUTHENTICATED']);
    await expectRefused(rotated.accessToken);
    await expectRefused(user.accessToken);

    // Other sessions of the user are untouched.
    const other = await logIn(identity, user.email, user.password);
    expect(dataOf(await meWith(other.accessToken)).me?.id).toBe(user.user.id);
  });

  it('refuses unknown refresh tokens', async () => {
    expect(errorCodes(await refresh('A'.repeat(43)))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await refresh(''))).toEqual(['UNAUTHENTICATED']);
  });

  it('logs out: the access token is refused on the very next request and refresh stops working', async () => {
    const user = await signUp(identity, 'logout');
    const other = await logIn(identity, user.email, user.password);
    expect(dataOf(await identity.gql(LOG_OUT, {}, user.accessToken))).toEqual({ logOut: true });
    await expectRefused(user.accessToken);
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(['UNAUTHENTICATED']);
    // Straight at a subgraph too: every service checks the deny-list itself.
    const direct = await fetch(identity.stack.url('user', '/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.accessToken}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(((await direct.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Only that session ended.
    expect(dataOf(await meWith(other.accessToken)).me?.id).toBe(user.user.id);
  });

  it('logs out with only a refresh token (the access token already expired)', async () => {
    const user = await signUp(identity, 'logout-refresh');
    expect(dataOf(await identity.gql(LOG_OUT, { refreshToken: user.refreshToken }))).toEqual({ logOut: true });
    await expectRefused(user.accessToken);
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await identity.gql(LOG_OUT, {}))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await identity.gql(LOG_OUT, { refreshToken: 'B'.repeat(43) }))).toEqual(['UNAUTHENTICATED']);
  });

  it('still lets a client holding a refused access token refresh, log in and log out', async () => {
    const user = await signUp(identity, 'stale-header');
    const second = await logIn(identity, user.email, user.password);
    dataOf(await identity.gql(LOG_OUT, {}, user.accessToken));
    // The client keeps sending its dead token, as an auth link does with every request.
    const refreshed = await identity.gql<{ refreshSession: AuthPayload }>(REFRESH, { refreshToken: second.refreshToken }, user.accessToken);
    expect(dataOf(refreshed).refreshSession.user.id).toBe(user.user.id);
    expect(dataOf(await identity.gql<{ logIn: AuthPayload }>(LOG_IN, { email: user.email, password: user.password }, user.accessToken)).logIn.user.id).toBe(
      user.user.id,
    );
    const fresh = dataOf(refreshed).refreshSession;
    expect(dataOf(await identity.gql(LOG_OUT, { refreshToken: fresh.refreshToken }, user.accessToken))).toEqual({ logOut: true });
    await expectRefused(fresh.accessToken);
    // Anything else with the dead token is refused, also when mixed with a sign-in field.
    await expectRefused(user.accessToken);
    const mixed = await identity.gql(
      'mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } logOutEverywhere }',
      { r: fresh.refreshToken },
      user.accessToken,
    );
    expect(mixed.status).toBe(401);
  });

  it('logs out everywhere', async () => {
    const user = await signUp(identity, 'everywhere');
    const second = await logIn(identity, user.email, user.password);
    expect(dataOf(await identity.gql('mutation { logOutEverywhere }', {}, second.accessToken))).toEqual({ logOutEverywhere: true });
    await expectRefused(user.accessToken);
    await expectRefused(second.accessToken);
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await refresh(second.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await identity.gql('mutation { logOutEverywhere }'))).toEqual(['UNAUTHENTICATED']);
  });

  it('changes the password: other sessions end, this one goes on, the old password stops working', async () => {
    const user = await signUp(identity, 'change');
    const other = await logIn(identity, user.email, user.password);
    const next = strongPassword();

    const wrong = await identity.gql(CHANGE_PASSWORD, { current: `${user.password}x`, next }, user.accessToken);
    expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors?.[0]?.extensions?.field).toBe('currentPassword');
    const weak = await identity.gql(CHANGE_PASSWORD, { current: user.password, next: 'password123' }, user.accessToken);
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });

    expect(dataOf(await identity.gql(CHANGE_PASSWORD, { current: user.password, next }, user.accessToken))).toEqual({ changePassword: true });
    expect(dataOf(await meWith(user.accessToken)).me?.id).toBe(user.user.id);
    await expectRefused(other.accessToken);
    expect(errorCodes(await refresh(other.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await identity.gql(LOG_IN, { email: user.email, password: user.password }))).toEqual(['UNAUTHENTICATED']);
    expect((await logIn(identity, user.email, next)).user.id).toBe(user.user.id);
    expect(errorCodes(await identity.gql(CHANGE_PASSWORD, { current: next, next: strongPassword() }))).toEqual(['UNAUTHENTICATED']);
  });
});
