import { createPrivateKey, type KeyObject } from 'node:crypto';
import { DEV_SECRETS_KEY, decryptSecret, parseSecretsKey } from '@saas/secrets';
import { queryDatabase, type TestStack } from '@saas/testing';
import jwt from 'jsonwebtoken';

/** The stack's current signing key, read the way only an attacker with database access could. */
export async function currentSigningKey(stack: TestStack): Promise<{ kid: string; key: KeyObject }> {
  const [row] = await queryDatabase<{ kid: string; private_key: string }>(
    stack.databaseUrls.auth ?? '',
    'select kid, private_key from signing_keys where activates_at <= now() order by activates_at desc limit 1',
  );
  if (!row) throw new Error('no signing key');
  return { kid: row.kid, key: createPrivateKey(decryptSecret(row.private_key, parseSecretsKey(DEV_SECRETS_KEY))) };
}

/** A token signed by the real key with the given claims (expired ones, for instance). */
export async function forgeAccessToken(stack: TestStack, claims: Record<string, unknown>): Promise<string> {
  const { kid, key } = await currentSigningKey(stack);
  const now = Math.floor(Date.now() / 1000);
  return jwt.sign({ iss: 'odoo-saas-auth', aud: 'odoo-saas', iat: now, exp: now + 600, ...claims }, key, { algorithm: 'ES256', keyid: kid });
}
