import { amqpEnv, httpUrl, list, loadEnvOrExit, z } from '@saas/config';
import { subgraphEnv } from '@saas/subgraph';

const days = (fallback: number) => z.coerce.number().int().min(0).max(365).default(fallback);

export const environment = loadEnvOrExit('billing-subgraph', {
  ...subgraphEnv('billing', 4004),
  ...amqpEnv,
  /** Membership checks (libs/authz) on a cache miss. */
  TENANT_URL: httpUrl('http://127.0.0.1:4002/graphql'),
  /** The tenant's live instances, counted before a plan downgrade. */
  INSTANCE_URL: httpUrl('http://127.0.0.1:4005/graphql'),
  /** The one currency plans are priced and invoices are issued in. */
  BILLING_CURRENCY: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').default('EUR'),
  /** Odoo versions a plan may allow (the platform's supported versions). */
  ODOO_VERSIONS: list(['16.0', '17.0', '18.0']),
  /** Days from issue until an invoice is due. */
  BILLING_DUE_DAYS: days(14),
  /** Days past the due date before an unpaid invoice suspends the tenant. */
  BILLING_GRACE_DAYS: days(7),
  /** How often the billing cycle (close ended periods, dunning) runs in the process; 0 turns it off. */
  BILLING_CYCLE_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export type BillingEnvironment = typeof environment;
