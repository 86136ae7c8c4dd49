import { loadEnvOrExit } from '@saas/config';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('tenant-subgraph', subgraphEnv('tenant', 4002));
