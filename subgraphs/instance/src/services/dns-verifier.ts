import { Resolver } from 'node:dns/promises';

/** What the domain's DNS says about the CNAME the platform asked for. */
export type DnsVerdict = { kind: 'POINTS_AT_TARGET' } | { kind: 'NO_RECORD'; detail: string } | { kind: 'POINTS_ELSEWHERE'; targets: string[] };

/** Checks a domain's CNAME through the configured resolvers (`DNS_SERVERS`), or the system's. */
export class DnsVerifier {
  constructor(private readonly servers: readonly string[]) {}

  async cnameOf(domain: string, target: string): Promise<DnsVerdict> {
    const resolver = new Resolver({ timeout: 2_000, tries: 2 });
    // `host` or `host:port` (e.g. a test's dnsmasq on 127.0.0.1:5353).
    if (this.servers.length > 0) resolver.setServers([...this.servers]);
    let records: string[];
    try {
      records = await resolver.resolveCname(domain);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
      return { kind: 'NO_RECORD', detail: code };
    }
    const normalized = records.map((record) => record.toLowerCase().replace(/\.$/, ''));
    if (normalized.includes(target.toLowerCase())) return { kind: 'POINTS_AT_TARGET' };
    return normalized.length === 0 ? { kind: 'NO_RECORD', detail: 'ENODATA' } : { kind: 'POINTS_ELSEWHERE', targets: normalized };
  }
}
