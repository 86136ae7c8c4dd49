import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '@saas/db';
import type { Logger } from '@saas/logger';
import { EmailToken } from '../entities/email-token.entity';
import { Session } from '../entities/session.entity';
import { SigningKeyService, type SigningKeyPolicy } from './signing-keys.service';

const INTERVAL_MS = 60_000;
/** Ended sessions (and their used refresh tokens) are kept this long for investigation. */
const KEEP_ENDED_SESSIONS_MS = 30 * 24 * 3600_000;
const KEEP_EMAIL_TOKENS_MS = 7 * 24 * 3600_000;

export interface HousekeepingConfig {
  orm: Orm;
  keys: SigningKeyPolicy;
  /** Rotate the signing key when it is older than this (0: only the CLI rotates). */
  rotateAfterSeconds: number;
  logger: Logger;
}

/**
 * Every minute, on every replica (the work is idempotent and locked): age-based key
 * rotation, deletion of keys no token can name, and of long-ended sessions and tokens.
 */
export function startHousekeeping(config: HousekeepingConfig): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runOnce(config).catch((error: unknown) => config.logger.error({ err: error }, 'auth housekeeping failed'));
  };
  tick();
  const timer = setInterval(tick, INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

export async function runOnce({ orm, keys, rotateAfterSeconds, logger }: HousekeepingConfig, now = new Date()): Promise<void> {
  const em = orm.em.fork() as EntityManager;
  const signingKeys = new SigningKeyService(em, keys);
  if (rotateAfterSeconds > 0 && (await signingKeys.rotateIfOlderThan(rotateAfterSeconds, now))) {
    logger.info('signing key rotated (age)');
  }
  const pruned = await signingKeys.pruneRetired(now);
  if (pruned > 0) logger.info({ keys: pruned }, 'deleted retired signing keys');
  const endedBefore = new Date(now.getTime() - KEEP_ENDED_SESSIONS_MS);
  await em.nativeDelete(Session, { $or: [{ expiresAt: { $lt: endedBefore } }, { revokedAt: { $lt: endedBefore } }] });
  await em.nativeDelete(EmailToken, { expiresAt: { $lt: new Date(now.getTime() - KEEP_EMAIL_TOKENS_MS) } });
}
