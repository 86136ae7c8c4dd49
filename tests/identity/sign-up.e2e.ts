import { dataOf, errorCodes, graphql } from '@saas/testing';
import {
  type AuthPayload,
  authCli,
  decodeJwt,
  type IdentityStack,
  LOG_IN,
  logIn,
  ME,
  SIGN_UP,
  signUp,
  startIdentityStack,
  strongPassword,
  tokenInMail,
  unique,
} from './support/identity';

const VERIFY_EMAIL = 'mutation($token: String!) { verifyEmail(token: $token) }';

describe('identity: sign-up, log-in, profile', () => {
  let identity: IdentityStack;

  beforeAll(async () => {
    identity = await startIdentityStack();
  });

  afterAll(async () => {
    await identity?.teardown();
  });

  it('signs up with a normalised email and the display name stored by the user subgraph at once', async () => {
    const local = `Ann.${unique()}`;
    const password = strongPassword();
    const response = await identity.gql<{ signUp: AuthPayload }>(SIGN_UP, {
      input: { email: `  ${local}@Example.TEST `, password, displayName: '  Ann   Lee ' },
    });
    const { signUp: payload } = dataOf(response);
    expect(payload.user).toEqual({ id: expect.any(String), email: `${local}@example.test`, emailVerified: false, displayName: 'Ann Lee' });
    expect(Date.parse(payload.expiresAt)).toBeGreaterThan(Date.now());
    expect(payload.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const me = dataOf(await identity.gql<{ me: Record<string, unknown> }>(ME, {}, payload.accessToken)).me;
    expect(me).toEqual({ ...payload.user, locale: 'en-US', timeZone: 'UTC' });

    // Log-in finds the account whatever the case of the address.
    const again = await logIn(identity, `${local.toUpperCase()}@EXAMPLE.test`, password);
    expect(again.user.id).toBe(payload.user.id);
  });

  it('issues ES256 access tokens with kid, sub, sid, iss, aud, staff and a 15 minute lifetime', async () => {
    const user = await signUp(identity, 'claims');
    const { header, claims } = decodeJwt(user.accessToken);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });
    expect(claims).toMatchObject({ sub: user.user.id, sid: expect.any(String), iss: 'odoo-saas-auth', aud: 'odoo-saas', staff: false });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    const jwks = (await (await fetch(identity.stack.url('auth', '/.well-known/jwks.json'))).json()) as { keys: Array<{ kid: string; alg: string; kty: string; crv: string; d?: string }> };
    const key = jwks.keys.find((k) => k.kid === header.kid);
    expect(key).toMatchObject({ alg: 'ES256', kty: 'EC', crv: 'P-256' });
    expect(key?.d).toBeUndefined();
    // A second log-in is a second session.
    const second = await logIn(identity, user.email, user.password);
    expect(decodeJwt(second.accessToken).claims.sid).not.toBe(claims.sid);
  });

  it('verifies the email address with the single-use link sent by mail', async () => {
    const user = await signUp(identity, 'verify');
    const mail = await identity.mail.waitForMailTo(user.email);
    expect(mail.subject).toMatch(/confirm/i);
    expect(mail.text).toContain('https://app.example.test/verify-email?token=');
    const token = tokenInMail(mail.text);

    expect(dataOf(await identity.gql(VERIFY_EMAIL, { token }))).toEqual({ verifyEmail: true });
    const me = dataOf(await identity.gql<{ me: { emailVerified: boolean } }>(ME, {}, user.accessToken)).me;
    expect(me.emailVerified).toBe(true);

    const reused = await identity.gql(VERIFY_EMAIL, { token });
    expect(errorCodes(reused)).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await identity.gql(VERIFY_EMAIL, { token: 'x'.repeat(43) }))).toEqual(['BAD_USER_INPUT']);
  });

  it('sends the verification mail again on request', async () => {
    const user = await signUp(identity, 'resend');
    await identity.mail.waitForMailTo(user.email);
    expect(dataOf(await identity.gql('mutation { requestEmailVerification }', {}, user.accessToken))).toEqual({ requestEmailVerification: true });
    const second = await identity.mail.waitFor((mail) => mail.to.includes(user.email.toLowerCase()) && identity.mail.to(user.email).indexOf(mail) === 1);
    expect(dataOf(await identity.gql(VERIFY_EMAIL, { token: tokenInMail(second.text) }))).toEqual({ verifyEmail: true });
    expect(errorCodes(await identity.gql('mutation { requestEmailVerification }'))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a second account with the same email (in any case) as CONFLICT', async () => {
    const user = await signUp(identity, 'dup');
    for (const email of [user.email, user.email.toUpperCase(), ` ${user.email}`]) {
      const response = await identity.gql(SIGN_UP, { input: { email, password: strongPassword(), displayName: 'Dup' } });
      expect(errorCodes(response)).toEqual(['CONFLICT']);
    }
  });

  it.each([
    ['a malformed email', { email: 'not-an-email' }, 'input.email', undefined],
    ['an email without domain dot', { email: 'ann@localhost' }, 'input.email', undefined],
    ['a short password', { password: 'Short-1!' }, 'input.password', 'TOO_SHORT'],
    ['a common password', { password: 'password1234' }, 'input.password', 'TOO_COMMON'],
    ['a common password in another case', { password: 'QwertyUiop123' }, 'input.password', 'TOO_COMMON'],
    ['a too long password', { password: 'x'.repeat(257) }, 'input.password', 'TOO_LONG'],
    ['a blank display name', { displayName: '   ' }, 'input.displayName', undefined],
  ])('refuses %s with BAD_USER_INPUT and creates nothing', async (_case, override, field, reason) => {
    const input = { email: `bad-${unique()}@example.test`, password: strongPassword(), displayName: 'Bad', ...override };
    const response = await identity.gql(SIGN_UP, { input });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ field, ...(reason ? { reason } : {}) });
    // Nothing was created: the same credentials do not log in (a malformed address is refused as such).
    const login = await identity.gql(LOG_IN, { email: input.email, password: input.password });
    expect(errorCodes(login)).toEqual([field === 'input.email' ? 'BAD_USER_INPUT' : 'UNAUTHENTICATED']);
  });

  it('accepts a 256-character password', async () => {
    const password = `${strongPassword()}${'y'.repeat(256)}`.slice(0, 256);
    const email = `long-${unique()}@example.test`;
    dataOf(await identity.gql(SIGN_UP, { input: { email, password, displayName: 'Long' } }));
    expect((await logIn(identity, email, password)).user.email).toBe(email);
  });

  it('gives a wrong email and a wrong password the same UNAUTHENTICATED error', async () => {
    const user = await signUp(identity, 'wrong');
    const wrongPassword = await identity.gql(LOG_IN, { email: user.email, password: `${user.password}x` });
    const wrongEmail = await identity.gql(LOG_IN, { email: `nobody-${unique()}@example.test`, password: user.password });
    expect(errorCodes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(wrongEmail.errors).toEqual(wrongPassword.errors);
    expect(wrongEmail.status).toBe(wrongPassword.status);
  });

  it('updates the profile through the gateway and validates it', async () => {
    const user = await signUp(identity, 'profile');
    const UPDATE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName locale timeZone avatarUrl email } }';
    const updated = dataOf(
      await identity.gql<{ updateProfile: Record<string, unknown> }>(
        UPDATE,
        { input: { displayName: 'Renamed', locale: 'fr-be', timeZone: 'Europe/Brussels', avatarUrl: 'https://img.example.test/a.png' } },
        user.accessToken,
      ),
    ).updateProfile;
    expect(updated).toEqual({
      id: user.user.id,
      displayName: 'Renamed',
      locale: 'fr-BE',
      timeZone: 'Europe/Brussels',
      avatarUrl: 'https://img.example.test/a.png',
      email: user.email,
    });
    for (const [input, field] of [
      [{ locale: 'not a locale' }, 'input.locale'],
      [{ timeZone: 'Mars/Olympus' }, 'input.timeZone'],
      [{ displayName: 'x'.repeat(81) }, 'input.displayName'],
      [{ avatarUrl: 'http://insecure.example.test/a.png' }, 'input.avatarUrl'],
    ] as const) {
      const response = await identity.gql(UPDATE, { input }, user.accessToken);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
    }
    expect(errorCodes(await identity.gql(UPDATE, { input: { displayName: 'Anon' } }))).toEqual(['UNAUTHENTICATED']);
    expect(dataOf(await identity.gql<{ me: unknown }>(ME))).toEqual({ me: null });
  });

  it('resolves many User references in one request (email from auth, profile from user)', async () => {
    const [a, b] = [await signUp(identity, 'ref-a'), await signUp(identity, 'ref-b')];
    const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email emailVerified } } }';
    const representations = [a.user.id, 'not-a-uuid', b.user.id, '00000000-0000-4000-8000-000000000000'].map((id) => ({ __typename: 'User', id }));
    const token = { token: a.accessToken };
    // Anonymous references are refused: the federation machinery is not a public API.
    expect(errorCodes(await graphql(identity.stack.url('auth', '/graphql'), ENTITIES, { r: representations }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await graphql(identity.stack.url('user', '/graphql'), ENTITIES.replace('email emailVerified', 'displayName'), { r: representations }, { token: 'garbage' }))).toEqual(['UNAUTHENTICATED']);
    const auth = dataOf(await graphql<{ _entities: unknown[] }>(identity.stack.url('auth', '/graphql'), ENTITIES, { r: representations }, token));
    // `_service` (the SDL) is for the gateway only, token or not.
    expect(errorCodes(await graphql(identity.stack.url('auth', '/graphql'), '{ _service { sdl } }', {}, token))).toEqual(['FORBIDDEN']);
    expect(auth._entities).toEqual([{ id: a.user.id, email: a.email, emailVerified: false }, null, { id: b.user.id, email: b.email, emailVerified: false }, null]);
    const PROFILES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName } } }';
    const user = dataOf(await graphql<{ _entities: unknown[] }>(identity.stack.url('user', '/graphql'), PROFILES, { r: representations.slice(0, 3) }, token));
    expect(user._entities).toEqual([
      { id: a.user.id, displayName: 'Test ref-a' },
      { id: 'not-a-uuid', displayName: 'New user' },
      { id: b.user.id, displayName: 'Test ref-b' },
    ]);
  });

  it('puts the staff flag granted by the CLI into the next access token', async () => {
    const user = await signUp(identity, 'staff');
    expect(await authCli(identity.stack, 'staff', ['grant', user.email.toUpperCase()])).toMatch(/is now staff/);
    const staffSession = await logIn(identity, user.email, user.password);
    expect(decodeJwt(staffSession.accessToken).claims.staff).toBe(true);
    expect(await authCli(identity.stack, 'staff', ['list'])).toContain(user.email);

    // Revoking signs the user out at once, so the claim cannot outlive the right.
    expect(await authCli(identity.stack, 'staff', ['revoke', user.email])).toMatch(/no longer staff/);
    const refused = await identity.gql(ME, {}, staffSession.accessToken);
    expect(refused.status).toBe(401);
    expect(decodeJwt((await logIn(identity, user.email, user.password)).accessToken).claims.staff).toBe(false);
  });

  it('commits nothing when the user subgraph cannot store the profile', async () => {
    const email = `outage-${unique()}@example.test`;
    const password = strongPassword();
    await identity.stack.process('user').stop();
    try {
      const response = await identity.gql(SIGN_UP, { input: { email, password, displayName: 'Outage' } });
      expect(errorCodes(response)).toEqual(['SERVICE_UNAVAILABLE']);
    } finally {
      await identity.stack.startService('user');
    }
    expect(errorCodes(await identity.gql(LOG_IN, { email, password }))).toEqual(['UNAUTHENTICATED']);
    const retried = dataOf(await identity.gql<{ signUp: AuthPayload }>(SIGN_UP, { input: { email, password, displayName: 'Outage' } }));
    expect(retried.signUp.user.displayName).toBe('Outage');
  });

  it('never writes passwords or tokens to the logs', async () => {
    const user = await signUp(identity, 'logs');
    const mail = await identity.mail.waitForMailTo(user.email);
    const output = identity.stack.allOutput();
    for (const secret of [user.password, user.accessToken, user.refreshToken, tokenInMail(mail.text)]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/\$argon2id\$/);
  });
});
