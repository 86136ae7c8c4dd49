import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { dataOf, errorCodes, graphql } from '@saas/testing';
import jwt from 'jsonwebtoken';
import { currentSigningKey } from '../support/signing-key';
import { authCli, decodeJwt, type IdentityStack, logIn, REFRESH, type SignedUpUser, signUp, startIdentityStack } from './support/identity';

const ME_ID = '{ me { id } }';

/** Polls until `check` returns a value; for things that happen after a configured delay. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('identity: access tokens at the gateway and the subgraphs', () => {
  let identity: IdentityStack;
  let user: SignedUpUser;

  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  /** The signing key of the stack, read the way only an attacker with database access could. */
  const signingKey = () => currentSigningKey(identity.stack);

  const claims = (overrides: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return { sub: user.user.id, sid: decodeJwt(user.accessToken).claims.sid, staff: false, iss: 'odoo-saas-auth', aud: 'odoo-saas', iat: now, exp: now + 600, ...overrides };
  };

  const expectRefusedAtGateway = async (token: string) => {
    const response = await identity.gql(ME_ID, {}, token);
    expect({ status: response.status, codes: errorCodes(response), data: response.data ?? null }).toEqual({
      status: 401,
      codes: ['UNAUTHENTICATED'],
      data: null,
    });
  };

  const subgraphMe = (service: 'user' | 'auth', token: string, query = ME_ID) =>
    graphql(identity.stack.url(service, '/graphql'), query, {}, { token });

  beforeAll(async () => {
    identity = await startIdentityStack({ authEnv: { SIGNING_KEY_PUBLISH_AHEAD_SECONDS: '6' } });
    user = await signUp(identity, 'tokens');
  });

  afterAll(async () => {
    await identity?.teardown();
  });

  it('accepts a well-formed token signed by the current key (control for the cases below)', async () => {
    const { kid, key } = await signingKey();
    const token = jwt.sign(claims(), key, { algorithm: 'ES256', keyid: kid });
    expect(dataOf(await identity.gql<{ me: { id: string } }>(ME_ID, {}, token)).me.id).toBe(user.user.id);
  });

  it('refuses an expired token', async () => {
    const { kid, key } = await signingKey();
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign(claims({ iat: now - 1000, exp: now - 100 }), key, { algorithm: 'ES256', keyid: kid });
    await expectRefusedAtGateway(token);
    expect(errorCodes(await subgraphMe('user', token))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token signed by the real key without exp, or living longer than 15 minutes', async () => {
    const { kid, key } = await signingKey();
    const { exp: _omitted, ...withoutExp } = claims();
    const eternal = jwt.sign(withoutExp, key, { algorithm: 'ES256', keyid: kid });
    await expectRefusedAtGateway(eternal);
    expect(errorCodes(await subgraphMe('user', eternal))).toEqual(['UNAUTHENTICATED']);
    const now = Math.floor(Date.now() / 1000);
    const longLived = jwt.sign(claims({ iat: now, exp: now + 24 * 3600 }), key, { algorithm: 'ES256', keyid: kid });
    await expectRefusedAtGateway(longLived);
    expect(errorCodes(await subgraphMe('user', longLived))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a tampered token (claims changed, signature kept)', async () => {
    const [header, , signature] = user.accessToken.split('.');
    const other = await signUp(identity, 'victim');
    const forged = `${header}.${b64(claims({ sub: other.user.id }))}.${signature}`;
    await expectRefusedAtGateway(forged);
    expect(errorCodes(await subgraphMe('user', forged))).toEqual(['UNAUTHENTICATED']);
    const flipped = `${user.accessToken.slice(0, -3)}${user.accessToken.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    await expectRefusedAtGateway(flipped);
  });

  it('refuses alg "none" and an HMAC signed with the public key', async () => {
    const { kid } = await signingKey();
    const none = `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims())}.`;
    await expectRefusedAtGateway(none);
    expect(errorCodes(await subgraphMe('user', none))).toEqual(['UNAUTHENTICATED']);
    const jwks = (await (await fetch(identity.stack.url('auth', '/.well-known/jwks.json'))).json()) as { keys: Array<{ kid: string }> };
    const publicPem = createPublicKey({ key: { ...jwks.keys.find((k) => k.kid === kid) }, format: 'jwk' })
      .export({ format: 'pem', type: 'spki' })
      .toString();
    const hmac = `${b64({ alg: 'HS256', typ: 'JWT', kid })}.${b64(claims())}`;
    const { createHmac } = await import('node:crypto');
    const confused = `${hmac}.${createHmac('sha256', publicPem).update(hmac).digest('base64url')}`;
    await expectRefusedAtGateway(confused);
  });

  it('refuses a token of another issuer or audience, or signed by an unknown key', async () => {
    const { kid, key } = await signingKey();
    await expectRefusedAtGateway(jwt.sign(claims({ aud: 'someone-else' }), key, { algorithm: 'ES256', keyid: kid }));
    await expectRefusedAtGateway(jwt.sign(claims({ iss: 'evil-auth' }), key, { algorithm: 'ES256', keyid: kid }));
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await expectRefusedAtGateway(jwt.sign(claims(), stranger, { algorithm: 'ES256', keyid: 'made-up-kid' }));
    await expectRefusedAtGateway(jwt.sign(claims(), stranger, { algorithm: 'ES256', keyid: kid }));
  });

  it('refuses garbage and a malformed Authorization header', async () => {
    await expectRefusedAtGateway('not.a.jwt');
    const basic = await graphql(identity.stack.gatewayUrl, ME_ID, {}, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
    expect(errorCodes(basic)).toEqual(['UNAUTHENTICATED']);
  });

  it('rotates the signing key: old tokens stay valid, new tokens name the new key', async () => {
    const before = await logIn(identity, user.email, user.password);
    const oldKid = decodeJwt(before.accessToken).header.kid;
    const output = await authCli(identity.stack, 'signing-keys', ['rotate']);
    const newKid = /new signing key (\S+)/.exec(output)?.[1];
    expect(newKid).toBeDefined();
    expect(newKid).not.toBe(oldKid);

    // Published at once, ahead of signing, so every verifier can know it in time.
    const jwks = (await (await fetch(identity.stack.url('auth', '/.well-known/jwks.json'))).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));

    const after = await eventually(async () => {
      const payload = await logIn(identity, user.email, user.password);
      return decodeJwt(payload.accessToken).header.kid === newKid ? payload : undefined;
    });
    expect(dataOf(await identity.gql<{ me: { id: string } }>(ME_ID, {}, after.accessToken)).me.id).toBe(user.user.id);
    expect(dataOf(await identity.gql<{ me: { id: string } }>(ME_ID, {}, before.accessToken)).me.id).toBe(user.user.id);
    expect(dataOf(await subgraphMe('user', before.accessToken)).me).toEqual({ id: user.user.id });

    // A refresh of an old session is signed by the new key too.
    const refreshed = dataOf(await identity.gql<{ refreshSession: { accessToken: string } }>(REFRESH, { refreshToken: before.refreshToken }));
    expect(decodeJwt(refreshed.refreshSession.accessToken).header.kid).toBe(newKid);

    const listed = await authCli(identity.stack, 'signing-keys', ['list']);
    expect(listed).toMatch(new RegExp(`${newKid}\\tsigning`));
    expect(listed).toMatch(new RegExp(`${oldKid}\\tretired`));
  });
});
