import { BadUserInputError } from '@saas/errors';

/** A DNS label: it becomes part of host names and URLs. */
export const SLUG_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Slugs the platform keeps for itself, or that would let a tenant pass for the platform. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'www', 'api', 'admin', 'administrator', 'app', 'apps', 'auth', 'login', 'logout', 'signin', 'signup', 'register',
  'account', 'accounts', 'user', 'users', 'me', 'settings', 'profile', 'tenant', 'tenants', 'org', 'orgs', 'team',
  'mail', 'email', 'smtp', 'imap', 'pop', 'pop3', 'mx', 'ns', 'ns1', 'ns2', 'dns', 'ftp', 'sftp', 'ssh', 'vpn',
  'gateway', 'graphql', 'traefik', 'proxy', 'static', 'assets', 'cdn', 'media', 'files', 'uploads', 'download',
  'status', 'health', 'metrics', 'grafana', 'prometheus', 'monitoring', 'help', 'support', 'docs', 'blog', 'news',
  'billing', 'pay', 'payment', 'payments', 'invoice', 'invoices', 'checkout', 'dashboard', 'console', 'portal',
  'root', 'system', 'internal', 'security', 'abuse', 'postmaster', 'hostmaster', 'webmaster', 'noreply', 'no-reply',
  'localhost', 'test', 'staging', 'dev', 'demo', 'sandbox', 'odoo', 'saas', 'platform', 'official', 'legal', 'terms',
  'privacy',
]);

/**
 * Returns the slug if it is a valid, non-reserved DNS label; otherwise a BAD_USER_INPUT
 * naming `field` and the precise reason, so a client can show it next to the input.
 */
export function parseSlug(value: string, field: string): string {
  const reason = slugProblem(value);
  if (reason) throw new BadUserInputError(`Slug "${value.slice(0, 80)}" ${reason}`, field, { reason: reasonCode(reason) });
  return value;
}

/** Why a slug is refused, or null when it is acceptable. */
export function slugProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty.';
  if (value.length > 63) return 'must be at most 63 characters (a DNS label).';
  if (/[A-Z]/.test(value)) return 'must be lower-case.';
  if (/[^a-z0-9-]/.test(value)) return 'may only contain lower-case letters, digits and hyphens.';
  if (value.startsWith('-') || value.endsWith('-')) return 'must start and end with a letter or a digit.';
  if (!SLUG_PATTERN.test(value)) return 'is not a valid DNS label.';
  // "xx--" labels are IDN/punycode territory (xn--...): they could imitate another name.
  if (value.slice(2, 4) === '--') return 'must not have hyphens in the third and fourth positions.';
  if (RESERVED_SLUGS.has(value)) return 'is reserved by the platform.';
  return null;
}

function reasonCode(reason: string): string {
  if (reason.startsWith('is reserved')) return 'RESERVED';
  if (reason.startsWith('must not be empty')) return 'EMPTY';
  if (reason.startsWith('must be at most')) return 'TOO_LONG';
  return 'INVALID_FORMAT';
}
