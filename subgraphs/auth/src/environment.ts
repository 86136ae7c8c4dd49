import { loadEnvOrExit } from '@saas/config';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('auth-subgraph', subgraphEnv('auth', 4001));
