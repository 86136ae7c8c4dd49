import { BadUserInputError } from '@saas/errors';
import { dnsLabelProblem } from '@saas/subgraph/dns-labels';

/**
 * Returns the slug if it is a valid, non-reserved DNS label (the rule instance subdomains
 * share, libs/subgraph dns-labels); otherwise a BAD_USER_INPUT naming `field` and the
 * precise reason, so a client can show it next to the input.
 */
export function parseSlug(value: string, field: string): string {
  const problem = dnsLabelProblem(value);
  if (problem) throw new BadUserInputError(`Slug "${value.slice(0, 80)}" ${problem.message}`, field, { reason: problem.reason });
  return value;
}

/** Why a slug is refused, or null when it is acceptable. */
export function slugProblem(value: string): string | null {
  return dnsLabelProblem(value)?.message ?? null;
}
