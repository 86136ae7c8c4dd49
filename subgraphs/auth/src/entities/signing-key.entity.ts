import { EntitySchema } from '@mikro-orm/core';
import type { PublicJwk } from '@saas/auth';
import type { EncryptedSecret } from '@saas/secrets';

/**
 * An ES256 key pair that signs access tokens. Published in the JWKS from creation (ahead
 * of signing) until every token it signed has expired; then deleted.
 */
export class SigningKey {
  /** RFC 7638 thumbprint of the public key. */
  kid!: string;
  publicJwk!: PublicJwk;
  /** PKCS#8 PEM, encrypted with SECRETS_KEY. */
  privateKey!: EncryptedSecret;
  createdAt: Date = new Date();
  /** From then on it signs new tokens (until a newer key activates). */
  activatesAt!: Date;
  /** When its successor took over; it stays published one token lifetime longer. */
  retiredAt: Date | null = null;
}

export const SigningKeySchema = new EntitySchema<SigningKey>({
  class: SigningKey,
  tableName: 'signing_keys',
  properties: {
    kid: { type: 'string', length: 64, primary: true },
    publicJwk: { type: 'json' },
    privateKey: { type: 'text' },
    createdAt: { type: 'Date' },
    activatesAt: { type: 'Date' },
    retiredAt: { type: 'Date', nullable: true },
  },
});
