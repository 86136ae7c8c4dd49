import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** OWASP's argon2id parameters: 19 MiB of memory, 2 iterations, 1 lane. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash uses other parameters than today's: store a new one. */
  needsRehash: boolean;
}

/** argon2id hashing; verifying never throws on a malformed stored hash, it just fails. */
export class PasswordHasher {
  private constructor(private readonly dummyHash: string) {}

  /** Computes the dummy hash once, so an unknown email costs the same as a wrong password. */
  static async create(): Promise<PasswordHasher> {
    return new PasswordHasher(await argon2.hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<PasswordCheck> {
    const ok = await argon2.verify(hash, password).catch(() => false);
    return { ok, needsRehash: ok && argon2.needsRehash(hash, ARGON2_OPTIONS) };
  }

  /** Burns the time of one verification for a user that does not exist; always fails. */
  async verifyNobody(password: string): Promise<PasswordCheck> {
    await argon2.verify(this.dummyHash, password).catch(() => false);
    return { ok: false, needsRehash: false };
  }
}
