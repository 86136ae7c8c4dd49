import { amqpEnv, httpUrl, loadEnvOrExit } from '@saas/config';
import { mailEnv } from '@saas/mail';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('tenant-subgraph', {
  ...subgraphEnv('tenant', 4002),
  ...amqpEnv,
  ...mailEnv,
  /** Asked, with the viewer's token, for the viewer's email when an invitation is accepted. */
  AUTH_URL: httpUrl('http://127.0.0.1:4001/graphql'),
  /** Asked, with the viewer's token, whether a tenant still has instances before deleting it. */
  INSTANCE_URL: httpUrl('http://127.0.0.1:4005/graphql'),
});

export type TenantEnvironment = typeof environment;
