/** A DNS label: it becomes part of host names and URLs. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Labels the platform keeps for itself, or that would let a customer pass for the platform,
 * receive its mail or certificates (postmaster, mta-sts, autodiscover ...), or be taken for
 * a name server or mail exchanger (`mx`, `ns`, `www` with or without digits: see
 * {@link RESERVED_LABEL_PATTERNS}). Tenant slugs and instance subdomains share them.
 */
export const RESERVED_LABELS: ReadonlySet<string> = new Set([
  'www', 'api', 'admin', 'administrator', 'app', 'apps', 'auth', 'login', 'logout', 'signin', 'signup', 'register',
  'account', 'accounts', 'user', 'users', 'me', 'settings', 'profile', 'tenant', 'tenants', 'org', 'orgs', 'team',
  'mail', 'email', 'webmail', 'smtp', 'imap', 'pop', 'pop3', 'dns', 'ftp', 'sftp', 'ssh', 'vpn',
  'autodiscover', 'autoconfig', 'mta-sts', 'wpad', 'isatap', 'owa',
  'gateway', 'graphql', 'traefik', 'proxy', 'static', 'assets', 'cdn', 'media', 'files', 'uploads', 'download',
  'status', 'health', 'metrics', 'grafana', 'prometheus', 'monitoring', 'help', 'support', 'docs', 'blog', 'news',
  'billing', 'pay', 'payment', 'payments', 'invoice', 'invoices', 'checkout', 'dashboard', 'console', 'portal',
  'root', 'system', 'internal', 'security', 'abuse', 'postmaster', 'hostmaster', 'webmaster', 'noreply', 'no-reply',
  'localhost', 'test', 'staging', 'dev', 'demo', 'sandbox', 'odoo', 'saas', 'platform', 'official', 'legal', 'terms',
  'privacy',
]);

/** Families of reserved labels: mx, mx1, ns, ns2, www3 ... */
export const RESERVED_LABEL_PATTERNS: readonly RegExp[] = [/^(mx|ns|www)\d*$/];

export function isReservedLabel(label: string): boolean {
  return RESERVED_LABELS.has(label) || RESERVED_LABEL_PATTERNS.some((pattern) => pattern.test(label));
}

export type DnsLabelReason = 'EMPTY' | 'TOO_LONG' | 'INVALID_FORMAT' | 'RESERVED';

export interface DnsLabelProblem {
  reason: DnsLabelReason;
  /** Completes a sentence about the value: `Slug "x" <message>`. */
  message: string;
}

/**
 * Why a tenant slug or an instance subdomain is refused, or null when it is acceptable:
 * a lower-case DNS label, no `xx--` prefix (IDN punycode `xn--...` could imitate another
 * name; the other ACE prefixes are reserved by the DNS), not reserved.
 */
export function dnsLabelProblem(value: string): DnsLabelProblem | null {
  const invalid = (message: string): DnsLabelProblem => ({ reason: 'INVALID_FORMAT', message });
  if (value.length === 0) return { reason: 'EMPTY', message: 'must not be empty.' };
  if (value.length > 63) return { reason: 'TOO_LONG', message: 'must be at most 63 characters (a DNS label).' };
  if (/[A-Z]/.test(value)) return invalid('must be lower-case.');
  if (/[^a-z0-9-]/.test(value)) return invalid('may only contain lower-case letters, digits and hyphens.');
  if (value.startsWith('-') || value.endsWith('-')) return invalid('must start and end with a letter or a digit.');
  if (!DNS_LABEL.test(value)) return invalid('is not a valid DNS label.');
  if (value.slice(2, 4) === '--') return invalid('must not have hyphens in the third and fourth positions (xn-- is punycode).');
  if (isReservedLabel(value)) return { reason: 'RESERVED', message: 'is reserved by the platform.' };
  return null;
}
