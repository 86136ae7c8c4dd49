import type { Orm } from '@saas/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import type express from 'express';
import { SigningKeyService, type SigningKeyPolicy } from './services/signing-keys.service';

/**
 * `GET /.well-known/jwks.json`: every key a valid token can name. Read from the database on
 * each request (verifiers fetch rarely) and not cached downstream, so a key published ahead
 * of a rotation is visible to the next fetch.
 */
export function jwksRoute(orm: Orm, policy: SigningKeyPolicy, logger: Logger) {
  return (app: express.Express): void => {
    app.get('/.well-known/jwks.json', async (_req, res) => {
      try {
        const jwks = await new SigningKeyService(orm.em.fork() as EntityManager, policy).jwks();
        res.set('cache-control', 'no-cache').json(jwks);
      } catch (error) {
        logger.error({ err: error }, 'could not serve JWKS');
        res.status(503).json({ error: 'unavailable' });
      }
    });
  };
}
