import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Orm } from '@saas/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decryptSecret } from '@saas/secrets';
import jwt from 'jsonwebtoken';
import { type AccessTokenPolicy, type AccessTokenSubject, accessTokenClaims } from '../domain/access-token-claims';
import { SigningKey } from '../entities/signing-key.entity';

/** How often the signer looks for a key rotated by another process (a replica, the CLI). */
const RELOAD_INTERVAL_MS = 5_000;

export interface SignedAccessToken {
  token: string;
  kid: string;
  expiresAt: Date;
}

interface ActiveKey {
  kid: string;
  privateKey: KeyObject;
  /** Reload at this time: the next key activates or the interval has passed. */
  validUntil: number;
}

/** Signs ES256 access tokens with the active key, decrypted once and kept in memory. */
export class AccessTokenSigner {
  private active: ActiveKey | undefined;
  private loading: Promise<ActiveKey> | undefined;

  constructor(
    private readonly orm: Orm,
    private readonly secretsKey: Buffer,
    private readonly policy: AccessTokenPolicy,
  ) {}

  async sign(subject: AccessTokenSubject, now = new Date()): Promise<SignedAccessToken> {
    const key = await this.currentKey(now);
    const claims = accessTokenClaims(subject, this.policy, now);
    const token = jwt.sign(claims, key.privateKey, { algorithm: 'ES256', keyid: key.kid, header: { alg: 'ES256', typ: 'JWT' } });
    return { token, kid: key.kid, expiresAt: new Date(claims.exp * 1000) };
  }

  private async currentKey(now: Date): Promise<ActiveKey> {
    if (this.active && now.getTime() < this.active.validUntil) return this.active;
    this.loading ??= this.load(now).finally(() => {
      this.loading = undefined;
    });
    this.active = await this.loading;
    return this.active;
  }

  private async load(now: Date): Promise<ActiveKey> {
    const em = this.orm.em.fork() as EntityManager;
    const keys = await em.find(SigningKey, { $or: [{ retiredAt: null }, { retiredAt: { $gt: now } }] }, { orderBy: { activatesAt: 'asc' } });
    const usable = keys.filter((key) => key.activatesAt <= now);
    const current = usable[usable.length - 1];
    if (!current) throw new Error('no active signing key (ensureKey runs at start)');
    const next = keys.find((key) => key.activatesAt > now);
    const reloadAt = Math.min(now.getTime() + RELOAD_INTERVAL_MS, next?.activatesAt.getTime() ?? Infinity);
    const privateKey =
      this.active?.kid === current.kid
        ? this.active.privateKey
        : createPrivateKey(decryptSecret(current.privateKey, this.secretsKey));
    return { kid: current.kid, privateKey, validUntil: reloadAt };
  }
}
