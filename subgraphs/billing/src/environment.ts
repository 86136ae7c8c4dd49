import { amqpEnv, httpUrl, loadEnvOrExit } from '@saas/config';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('billing-subgraph', {
  ...subgraphEnv('billing', 4004),
  ...amqpEnv,
  /** Membership checks (libs/authz) on a cache miss. */
  TENANT_URL: httpUrl('http://127.0.0.1:4002/graphql'),
});
