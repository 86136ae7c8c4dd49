import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { list } from '@saas/config';

/**
 * Addresses allowed to say who the client is (`x-forwarded-for`): the reverse proxies in
 * front of the gateway, and the gateway in front of each subgraph. Addresses or CIDR subnets,
 * IPv4 or IPv6 (`TRUSTED_PROXIES=10.0.0.2,172.28.0.0/16,::1`).
 */
export class TrustedProxies {
  private constructor(private readonly list: BlockList) {}

  /** Throws naming the first entry that is neither an address nor a subnet (a configuration error). */
  static parse(entries: readonly string[]): TrustedProxies {
    const list = new BlockList();
    for (const entry of entries) {
      const [address = '', prefix, ...rest] = entry.split('/');
      const family = isIP(address);
      const maxBits = family === 6 ? 128 : 32;
      const valid = family !== 0 && rest.length === 0 && (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxBits));
      if (!valid) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or subnet`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    return new TrustedProxies(list);
  }

  has(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}

/** `TRUSTED_PROXIES`: a comma-separated list, every entry checked when the environment is read. */
export function trustedProxiesEnv(fallback: readonly string[]) {
  return list(fallback).superRefine((entries, ctx) => {
    for (const entry of entries) {
      try {
        TrustedProxies.parse([entry]);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }
  });
}

/**
 * The caller's address, for per-IP limits and the audit log: the peer, unless the peer is a
 * trusted proxy; then the right-most `x-forwarded-for` hop that is not a trusted proxy itself
 * (hops left of it are whatever the client wrote). A hop that is not an address ends the walk
 * at the peer, so nothing but an address ever comes out.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trusted: TrustedProxies): string {
  const remote = req.socket.remoteAddress;
  if (!remote) return 'unknown';
  const peer = normalise(remote);
  if (!trusted.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalise(hops[i]?.trim() ?? '');
    if (!hop) continue;
    if (!isIP(hop)) return peer;
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one address. */
function normalise(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
