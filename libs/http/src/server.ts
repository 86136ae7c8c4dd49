import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@saas/logger';

/** Starts listening and resolves with the bound port (useful with port 0 in tests). */
export async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Closes the server, ending idle keep-alive connections so it does not wait for them. */
export async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

export type ShutdownStep = () => Promise<unknown>;

const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * On SIGTERM or SIGINT, runs the steps in order (stop accepting work first, close
 * connections last) and exits 0; exits 1 if they take longer than 10 s.
 */
export function onShutdown(logger: Logger, steps: ShutdownStep[]): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        logger.warn({ err: error }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

/** Logs a start-up failure and exits 1: a service that cannot start must not half-run. */
export function exitOnStartupFailure(logger: Logger) {
  return (error: unknown) => {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  };
}
