// Imported first by main.ts: instrumentations only patch the modules that load after them.
import { startTelemetry } from '@saas/telemetry';

startTelemetry('billing-subgraph');
