import { loadEnvOrExit } from '@saas/config';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('billing-subgraph', subgraphEnv('billing', 4004));
