import { loadEnvOrExit } from '@saas/config';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('user-subgraph', subgraphEnv('user', 4003));
