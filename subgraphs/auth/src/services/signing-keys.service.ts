import type { EntityManager } from '@mikro-orm/postgresql';
import type { PublicJwk } from '@saas/auth';
import { encryptSecret } from '@saas/secrets';
import { generateSigningKeyPair } from '../domain/signing-key-pair';
import { SigningKey } from '../entities/signing-key.entity';

/** Clock skew verifiers are allowed; a retired key is published this much longer. */
const SKEW_SECONDS = 60;

export interface SigningKeyPolicy {
  secretsKey: Buffer;
  accessTokenTtlSeconds: number;
  /** How long a new key is published before it signs (so verifiers have it in time). */
  publishAheadSeconds: number;
}

/**
 * The signing keys in the auth database. Changes run in one transaction under an advisory
 * lock, so replicas starting together or a rotation racing the age check make one key.
 */
export class SigningKeyService {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: SigningKeyPolicy,
  ) {}

  /** At start: the very first key signs at once (nobody can hold a token yet). */
  async ensureKey(now = new Date()): Promise<void> {
    await this.locked(async (em) => {
      if ((await em.count(SigningKey, { retiredAt: null })) === 0) this.create(em, now, now);
    });
  }

  /** Publishes a new key that takes over after `publishAheadSeconds`; the old one retires then. */
  async rotate(now = new Date()): Promise<SigningKey> {
    return this.locked((em) => this.rotateIn(em, now));
  }

  /** Rotates when the newest key is older than `maxAgeSeconds`; true if it did. */
  async rotateIfOlderThan(maxAgeSeconds: number, now = new Date()): Promise<boolean> {
    return this.locked(async (em) => {
      const [newest] = await em.find(SigningKey, {}, { orderBy: { createdAt: 'desc' }, limit: 1 });
      if (newest && now.getTime() - newest.createdAt.getTime() < maxAgeSeconds * 1000) return false;
      await this.rotateIn(em, now);
      return true;
    });
  }

  /** Every key a valid token can name: pending, current, and retired less than a token lifetime ago. */
  async published(now = new Date()): Promise<SigningKey[]> {
    return this.em.find(
      SigningKey,
      { $or: [{ retiredAt: null }, { retiredAt: { $gt: this.retentionCutoff(now) } }] },
      { orderBy: { activatesAt: 'asc' } },
    );
  }

  async jwks(now = new Date()): Promise<{ keys: PublicJwk[] }> {
    return { keys: (await this.published(now)).map((key) => key.publicJwk) };
  }

  /** Deletes keys (and their private halves) no valid token can name any more. */
  async pruneRetired(now = new Date()): Promise<number> {
    return this.em.nativeDelete(SigningKey, { retiredAt: { $lte: this.retentionCutoff(now) } });
  }

  private async rotateIn(em: EntityManager, now: Date): Promise<SigningKey> {
    const activatesAt = new Date(now.getTime() + this.policy.publishAheadSeconds * 1000);
    await em.nativeUpdate(SigningKey, { retiredAt: null }, { retiredAt: activatesAt });
    return this.create(em, now, activatesAt);
  }

  private create(em: EntityManager, now: Date, activatesAt: Date): SigningKey {
    const pair = generateSigningKeyPair();
    return em.create(SigningKey, {
      kid: pair.kid,
      publicJwk: pair.publicJwk,
      privateKey: encryptSecret(pair.privateKeyPem, this.policy.secretsKey),
      createdAt: now,
      activatesAt,
      retiredAt: null,
    });
  }

  private retentionCutoff(now: Date): Date {
    return new Date(now.getTime() - (this.policy.accessTokenTtlSeconds + SKEW_SECONDS) * 1000);
  }

  private locked<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.em.transactional(async (em) => {
      // em.execute runs inside the transaction (getConnection().execute would not).
      await em.execute("select pg_advisory_xact_lock(hashtext('auth:signing-keys'))");
      return work(em);
    });
  }
}
