import type { BillingEnvironment } from '../environment';

/** The billing rules a deployment configures. */
export interface BillingSettings {
  currency: string;
  supportedVersions: readonly string[];
  dueDays: number;
  graceDays: number;
}

export function billingSettingsFrom(env: BillingEnvironment): BillingSettings {
  return { currency: env.BILLING_CURRENCY, supportedVersions: env.ODOO_VERSIONS, dueDays: env.BILLING_DUE_DAYS, graceDays: env.BILLING_GRACE_DAYS };
}
