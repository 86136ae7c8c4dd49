import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';

export interface ExplorerPageOptions {
  /** The built console (`console/dist`); its `explorer.html` is the offline GraphiQL. */
  consoleDir: string;
  /** False: no explorer nor Sandbox page (production unless enabled). */
  enabled: boolean;
}

/**
 * A browser opening `/graphql` gets the offline GraphiQL, built from npm into the console's
 * static files (no CDN). `/graphql?sandbox` is left to Apollo Server's landing page (Apollo
 * Sandbox, which loads from Apollo's CDN and so needs internet). API requests pass through.
 */
export function explorerPage(options: ExplorerPageOptions): RequestHandler {
  const file = path.join(options.consoleDir, 'explorer.html');
  let html: string | undefined;
  return (req, res, next) => {
    if (req.method !== 'GET' || !wantsHtml(req.headers.accept)) return next();
    if (!options.enabled) {
      res.status(404).type('text/plain').send('The API explorer is disabled on this server (EXPLORER_ENABLED; off in production unless enabled).');
      return;
    }
    if ('sandbox' in req.query) return next();
    // Read once it exists: the console may be built after the gateway started.
    html ??= existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (!html) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  };
}

/** What a browser's navigation sends (`text/html` first), not an API client's `application/json`. */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]?.trim().toLowerCase());
  const html = types.indexOf('text/html');
  const json = types.findIndex((type) => type === 'application/json' || type === 'application/graphql-response+json');
  return html !== -1 && (json === -1 || html < json);
}
