import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { wantsHtml } from './explorer-page';

/** Paths the console's client-side router never owns. */
const API_PATHS = /^\/(graphql|health|ready|metrics)(\/|$)/;

/**
 * The console's static files at `/`: hashed assets cached for a year, and `index.html` for
 * every other page a browser navigates to (client-side routes such as `/verify-email?token=`,
 * the links of the platform's mails). Without a build, a page says how to make one.
 */
export function consoleSite(consoleDir: string): Router {
  const router = Router();
  router.use(
    '/assets',
    express.static(path.join(consoleDir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  router.use(express.static(consoleDir, { index: false, maxAge: 0 }));
  router.get(/.*/, indexPage(consoleDir));
  return router;
}

function indexPage(consoleDir: string): RequestHandler {
  const index = path.join(consoleDir, 'index.html');
  return (req, res, next) => {
    if (API_PATHS.test(req.path) || !wantsHtml(req.headers.accept)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    if (existsSync(index)) return res.sendFile(index);
    res
      .status(503)
      .type('text/plain')
      .send('The console is not built yet: run `npm run console:build` (npm run up does it), then reload.');
  };
}
