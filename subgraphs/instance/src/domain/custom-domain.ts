import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { BadUserInputError } from '@saas/errors';
import { DNS_LABEL } from '@saas/subgraph/dns-labels';

/** Why a custom domain is refused: `extensions.reason` of the BAD_USER_INPUT error. */
export type DomainRefusal = 'EMPTY' | 'INVALID' | 'IP_ADDRESS' | 'NOT_A_FQDN' | 'TOO_LONG' | 'UNDER_BASE_DOMAIN';

const FIELD = 'domain';
const MAX_LENGTH = 253;
/** A top-level label: letters, or an IDN's punycode (`xn--...`); never all digits. */
const TLD = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function refuse(reason: DomainRefusal, message: string): never {
  throw new BadUserInputError(message, FIELD, { reason });
}

/**
 * A customer's domain as the platform stores it: trimmed, without a trailing dot, lower-case,
 * internationalized names in punycode. Refuses what cannot be a customer's host name: IP
 * addresses, single labels, wildcards, anything under the platform's own base domain.
 */
export function parseCustomDomain(input: string, baseDomain: string): string {
  const trimmed = input.trim().replace(/\.$/, '');
  if (!trimmed) refuse('EMPTY', 'Domain must not be empty.');
  if (isIP(trimmed) || isIP(trimmed.replace(/^\[|\]$/g, ''))) refuse('IP_ADDRESS', `"${trimmed}" is an IP address; a domain name is needed.`);
  // domainToASCII lower-cases, maps IDNs to punycode, and answers '' for what is not a host name.
  const domain = /[^\p{L}\p{N}.-]/u.test(trimmed) ? '' : domainToASCII(trimmed);
  if (!domain) refuse('INVALID', `"${trimmed}" is not a valid domain name.`);
  if (domain.length > MAX_LENGTH) refuse('TOO_LONG', `Domain must be at most ${MAX_LENGTH} characters.`);
  const labels = domain.split('.');
  if (labels.some((label) => !DNS_LABEL.test(label))) refuse('INVALID', `"${trimmed}" is not a valid domain name.`);
  if (labels.length < 2 || !TLD.test(labels[labels.length - 1]!)) {
    refuse('NOT_A_FQDN', `"${trimmed}" is not a fully qualified domain name (e.g. erp.example.com).`);
  }
  const base = baseDomain.toLowerCase();
  if (domain === base || domain.endsWith(`.${base}`)) {
    refuse('UNDER_BASE_DOMAIN', `"${domain}" is under the platform's own domain ${base}; its instances get those names already.`);
  }
  return domain;
}
