import { createHash, randomUUID } from 'node:crypto';
import { BadUserInputError } from '@saas/errors';

const SERIES = /^(\d{1,3})\.(\d{1,3})$/;

/** -1, 0 or 1 as Odoo series `a` is before, the same as or after `b` (`16.0` < `17.0` < `18.0`). */
export function compareSeries(a: string, b: string): number {
  const [, aMajor = '0', aMinor = '0'] = SERIES.exec(a) ?? [];
  const [, bMajor = '0', bMinor = '0'] = SERIES.exec(b) ?? [];
  return Math.sign(Number(aMajor) - Number(bMajor) || Number(aMinor) - Number(bMinor));
}

export interface UpgradeTargetRules {
  /** The series the instance runs now. */
  current: string;
  /** What the platform can run (ODOO_VERSIONS). */
  supported: readonly string[];
  /** What the tenant's plan allows (for a later series). */
  allowedByPlan: readonly string[];
  planCode: string;
}

/**
 * Where an instance may be upgraded to: its own series (a newer image of it), or a later
 * series the platform runs and the plan allows. Anything else is BAD_USER_INPUT naming why.
 */
export function checkUpgradeTarget(target: string, rules: UpgradeTargetRules): string {
  const field = 'input.odooVersion';
  if (target === rules.current) return target;
  if (!rules.supported.includes(target)) {
    throw new BadUserInputError(`Odoo version "${target}" is not supported; choose one of ${rules.supported.join(', ')}.`, field, { supported: rules.supported });
  }
  if (compareSeries(target, rules.current) < 0) {
    throw new BadUserInputError(`The instance runs Odoo ${rules.current}; it cannot be downgraded to ${target}.`, field, { current: rules.current });
  }
  if (!rules.allowedByPlan.includes(target)) {
    throw new BadUserInputError(`The ${rules.planCode} plan allows Odoo ${rules.allowedByPlan.join(', ')}, not ${target}.`, field, {
      allowed: rules.allowedByPlan,
    });
  }
  return target;
}

/**
 * The staging copy an upgrade rehearsal makes: named after production and the target, its
 * subdomain production's (shortened to stay a DNS label) plus a suffix that the idempotency
 * key fixes, so that a retry with the same key is the same request.
 */
export function rehearsalCopy(production: { name: string; subdomain: string }, target: string, idempotencyKey: string | null): { name: string; subdomain: string } {
  const suffix = createHash('sha256')
    .update(idempotencyKey ?? randomUUID())
    .digest('hex')
    .slice(0, 6);
  const prefix = production.subdomain.slice(0, 46).replace(/-+$/, '');
  return { name: `${production.name.slice(0, 70)} (upgrade rehearsal ${target})`, subdomain: `${prefix}-rehearsal-${suffix}` };
}
