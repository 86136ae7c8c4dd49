import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@saas/logger';
import type { RequestHandler } from 'express';

const REQUEST_HEADERS = ['content-type', 'content-length', 'transfer-encoding', 'traceparent', 'tracestate'];
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-disposition', 'cache-control'];

function pick(headers: http.IncomingHttpHeaders, names: readonly string[]): http.OutgoingHttpHeaders {
  return Object.fromEntries(names.flatMap((name) => (headers[name] === undefined ? [] : [[name, headers[name]]])));
}

/**
 * `/files/...` on the public origin: the signed download and upload links of the instance
 * subgraph (backups, imports), which owns them and reads the backup store. Bodies stream
 * both ways; nothing is buffered here. The link itself is the authorization: the subgraph
 * checks its signature and expiry.
 */
export function fileTransfers(instanceUrl: () => string | undefined, logger: Logger): RequestHandler {
  return (req, res) => {
    const base = instanceUrl();
    if (!['GET', 'HEAD', 'PUT'].includes(req.method)) return void res.status(405).set('allow', 'GET, HEAD, PUT').json({ error: 'METHOD_NOT_ALLOWED' });
    if (!base) return void res.status(503).json({ error: 'UNAVAILABLE', message: 'Try again in a moment.' });
    const target = new URL(req.originalUrl, base);
    const upstream = http.request(target, { method: req.method, headers: { ...pick(req.headers, REQUEST_HEADERS), 'x-forwarded-for': req.socket.remoteAddress ?? '' } }, (response) => {
      res.writeHead(response.statusCode ?? 502, pick(response.headers, RESPONSE_HEADERS));
      pipeline(response, res).catch((error: unknown) => logger.warn({ err: error, path: req.path }, 'file transfer to the client broke off'));
    });
    upstream.on('error', (error) => {
      logger.warn({ err: error, path: req.path }, 'file transfer to the instance subgraph failed');
      if (!res.headersSent) res.status(502).json({ error: 'BAD_GATEWAY', message: 'The file service did not answer.' });
      else res.destroy();
    });
    if (req.method === 'PUT') {
      pipeline(req, upstream).catch(() => upstream.destroy());
    } else {
      upstream.end();
    }
  };
}
