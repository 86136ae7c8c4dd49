import { BadUserInputError } from '@saas/errors';

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
// Deliberately simple: one @, no spaces or control characters, a dotted domain of DNS-ish
// labels. The verification email is the real proof that an address works.
const LOCAL_PART = /^[^\s@\u0000-\u001f\u007f"(),:;<>[\\\]]+$/;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/**
 * The address as stored: trimmed, Unicode NFC, domain lower-cased (the local part keeps its
 * case, as RFC 5321 allows). Throws BAD_USER_INPUT on a malformed address.
 */
export function normaliseEmail(raw: string, field = 'email'): string {
  const value = raw.trim().normalize('NFC');
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  const valid =
    at > 0 &&
    value.length <= MAX_LENGTH &&
    local.length <= MAX_LOCAL_LENGTH &&
    LOCAL_PART.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1] ?? '');
  if (!valid) throw new BadUserInputError('Enter a valid email address, like name@example.com.', field);
  return `${local}@${domain}`;
}

/**
 * The key two addresses are compared by: almost no mail provider treats the local part as
 * case-sensitive, so `Ann@x.org` and `ann@x.org` are one account.
 */
export function emailKey(normalised: string): string {
  return normalised.toLowerCase();
}
