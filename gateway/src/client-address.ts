import type { IncomingMessage } from 'node:http';

/**
 * The caller's address for rate limits downstream. The peer address, unless the peer is a
 * trusted proxy (TRUSTED_PROXIES): then the right-most `x-forwarded-for` entry that is not
 * a trusted proxy itself. Entries left of it are whatever the client wrote, never trusted.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i];
    if (hop && !trustedProxies.has(hop)) return hop;
  }
  return peer;
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one address. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
