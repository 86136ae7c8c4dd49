import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from './catalog';

export interface SuperviseOptions {
  name: string;
  /** TypeScript entry point relative to the repository root; run with tsx. */
  entry: string;
  /** First wait before a restart; doubles per crash up to `maxDelayMs` (compose's restart policy does the same). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A process that ran this long before crashing starts the back-off over. */
  stableMs?: number;
  /** How long a stopping process gets to exit on SIGTERM before SIGKILL. */
  stopGraceMs?: number;
  log?: (line: string) => void;
}

/**
 * Runs one service and restarts it whenever it exits, with exponential back-off, until this
 * process gets SIGTERM or SIGINT: then the service is stopped (SIGTERM, SIGKILL after the
 * grace) and the returned promise resolves. The service's output is this process's output.
 */
export function supervise(options: SuperviseOptions): Promise<void> {
  const { name, entry } = options;
  const minDelayMs = options.minDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const stableMs = options.stableMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.log(`[supervisor] ${line}`));
  let child: ChildProcess | undefined;
  let stopping = false;
  let delayMs = minDelayMs;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  return new Promise((resolve) => {
    const start = () => {
      const startedAt = Date.now();
      child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPO_ROOT, env: process.env, stdio: 'inherit' });
      child.once('exit', (code, signal) => {
        child = undefined;
        if (stopping) return resolve();
        if (Date.now() - startedAt >= stableMs) delayMs = minDelayMs;
        restarts += 1;
        log(`${name} exited (${signal ?? `code ${code}`}) after ${Math.round((Date.now() - startedAt) / 1000)} s; restart ${restarts} in ${delayMs} ms`);
        restartTimer = setTimeout(start, delayMs);
        delayMs = Math.min(delayMs * 2, maxDelayMs);
      });
    };
    const stop = () => {
      if (stopping) return;
      stopping = true;
      clearTimeout(restartTimer);
      if (!child) return resolve();
      const running = child;
      running.kill('SIGTERM');
      setTimeout(() => running.kill('SIGKILL'), options.stopGraceMs ?? 12_000).unref();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    start();
  });
}
