import http from 'node:http';

/** Hop-by-hop headers (RFC 9110 7.6.1): they describe one connection, not the request. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function endToEnd(headers: http.IncomingHttpHeaders, drop: ReadonlySet<string>): http.OutgoingHttpHeaders {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !listed.has(name) && !drop.has(name)));
}

/**
 * Sends a held request, body included (it was never read: it streams now), to `upstream`
 * (`http://host:port`) with its method, path and headers (Host and X-Forwarded-* as the edge
 * set them), and streams the answer back. Resolves with the upstream's status, or rejects when
 * the upstream cannot be reached (nothing was sent to the client then).
 */
export function forward(req: http.IncomingMessage, res: http.ServerResponse, upstream: string, drop: ReadonlySet<string>): Promise<number> {
  const target = new URL(upstream);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: target.hostname, port: Number(target.port || 80), method: req.method, path: req.url, headers: endToEnd(req.headers, drop), agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers, new Set()));
        answer.pipe(res);
        answer.on('end', () => resolve(answer.statusCode ?? 502));
        answer.on('error', (error) => res.destroy(error));
      },
    );
    outgoing.on('error', (error) => {
      if (res.headersSent) res.destroy(error);
      reject(error);
    });
    req.on('aborted', () => outgoing.destroy());
    req.pipe(outgoing);
  });
}
