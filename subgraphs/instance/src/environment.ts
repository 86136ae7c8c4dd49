import { loadEnvOrExit } from '@saas/config';
import { subgraphEnv } from '@saas/subgraph';

export const environment = loadEnvOrExit('instance-subgraph', subgraphEnv('instance', 4005));
