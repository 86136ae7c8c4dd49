import type { TransferLinkSettings } from './transfer-links';

/** Platform settings the instance subgraph applies to every instance. */
export interface InstanceSettings {
  supportedVersions: readonly string[];
  baseDomain: string;
  urlScheme: string;
  secretsKey: Buffer;
  environment: string;
  /** The edge's public ports (EDGE_HTTP_PORT, EDGE_HTTPS_PORT): a URL carries a port that is not the default. */
  edgePorts: { http: number; https: number };
  /** How many custom domains each plan allows (plan code -> limit; `default` for the others). */
  customDomainLimits: ReadonlyMap<string, number>;
  /** Backup download and import upload links. */
  links: TransferLinkSettings;
  /** Largest import upload when the plan's storage cannot be read. */
  importDefaultMaxBytes: number;
}

/** When a staging copy made at `at` expires, under its plan's `stagingLifetimeDays`. */
export function stagingExpiresAt(plan: { stagingLifetimeDays: number }, at: Date): Date {
  return new Date(at.getTime() + plan.stagingLifetimeDays * 24 * 60 * 60 * 1000);
}

/** `<subdomain>.<base domain>`: the host of an instance at the edge. */
export function platformHost(settings: Pick<InstanceSettings, 'baseDomain'>, subdomain: string): string {
  return `${subdomain}.${settings.baseDomain}`;
}

/** The URL the API gives: it always works as given, port included when the edge is not on 80/443. */
export function publicUrl(settings: Pick<InstanceSettings, 'baseDomain' | 'urlScheme' | 'edgePorts'>, host: string): string {
  const port = settings.urlScheme === 'https' ? settings.edgePorts.https : settings.edgePorts.http;
  const defaultPort = settings.urlScheme === 'https' ? 443 : 80;
  return `${settings.urlScheme}://${host}${port === defaultPort ? '' : `:${port}`}`;
}

export function customDomainLimit(settings: Pick<InstanceSettings, 'customDomainLimits'>, planCode: string): number {
  return settings.customDomainLimits.get(planCode) ?? settings.customDomainLimits.get('default') ?? 0;
}

/** `default=3,business=10` -> map; the value of CUSTOM_DOMAINS_PER_PLAN. */
export function parseDomainLimits(entries: readonly string[]): Map<string, number> {
  const limits = new Map<string, number>();
  for (const entry of entries) {
    const [plan, value] = entry.split('=').map((part) => part.trim());
    const limit = Number(value);
    if (!plan || !Number.isInteger(limit) || limit < 0) throw new Error(`CUSTOM_DOMAINS_PER_PLAN: "${entry}" is not plan=limit`);
    limits.set(plan, limit);
  }
  return limits;
}
