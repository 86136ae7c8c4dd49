import type { Logger } from '@saas/logger';
import type express from 'express';
import type { EdgeReconciler } from './edge-reconciler';

export const ASK_PATH = '/edge/ask';

/**
 * Caddy's on-demand TLS `ask`: 200 only for an ACTIVE custom domain, so nobody can make the
 * platform request certificates for names it does not serve. Platform hosts never come here
 * (their certificates are managed ahead).
 */
export function edgeRoutes(edge: EdgeReconciler, logger: Logger) {
  return (app: express.Express): void => {
    app.get(ASK_PATH, async (req, res) => {
      const domain = typeof req.query.domain === 'string' ? req.query.domain : '';
      try {
        const yes = domain !== '' && (await edge.isActiveDomain(domain));
        if (!yes) logger.info({ domain: domain.slice(0, 253) }, 'edge refused a certificate on demand');
        res.status(yes ? 200 : 404).type('text/plain').send(yes ? 'ok\n' : 'not an active domain\n');
      } catch (error) {
        logger.warn({ err: error }, 'edge ask failed');
        res.status(503).type('text/plain').send('try again\n');
      }
    });
  };
}
