import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, fchmodSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './catalog';

export interface SpawnOptions {
  name: string;
  /** TypeScript entry point relative to the repository root; run with tsx. */
  entry: string;
  env: Record<string, string>;
  /** stdout and stderr of the process go here (appended). */
  logFile: string;
  /** Survives the parent (`npm run up`); otherwise it is the caller's to stop. */
  detached?: boolean;
  /**
   * Instead of tsx on `entry`: this command (e.g. a production bundle), with `env` only
   * (and PATH), not the parent's environment, as a container would get it.
   */
  command?: readonly string[];
  /**
   * Run under `ops/stack/supervise.ts`, which restarts the service when it crashes (the dev
   * stack's restart policy); `pid` is then the supervisor's, and stopping it stops both.
   */
  supervised?: boolean;
}

export const SUPERVISOR_ENTRY = 'ops/stack/supervise.ts';

/** One platform process started with `node --import tsx <entry>`, its output in a log file. */
export class ServiceProcess {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : code);
        resolve(this.exitCode);
      });
    });
  }

  static spawn(options: SpawnOptions): ServiceProcess {
    // Service logs name users and addresses: the owner's only, even from an earlier run.
    mkdirSync(path.dirname(options.logFile), { recursive: true, mode: 0o700 });
    const log = openSync(options.logFile, 'a', 0o600);
    fchmodSync(log, 0o600);
    const tsx = [process.execPath, '--import', 'tsx'];
    const [file, ...args] = options.command ?? (options.supervised ? [...tsx, SUPERVISOR_ENTRY, options.name, options.entry] : [...tsx, options.entry]);
    const child = spawn(file ?? process.execPath, args, {
      cwd: REPO_ROOT,
      env: options.command ? { PATH: process.env.PATH, ...options.env } : { ...process.env, ...options.env },
      stdio: ['ignore', log, log],
      detached: options.detached ?? false,
    });
    closeSync(log);
    if (options.detached) child.unref();
    return new ServiceProcess(options.name, options.logFile, child);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Everything the process wrote so far. */
  output(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /**
   * Polls `url` until it answers 200; fails at once if the process exits. The bound is
   * generous: on two shared cores a whole stack compiling with tsx at once can take minutes
   * to answer, and a process that crashed is reported without waiting.
   */
  async waitReady(url: string, timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited (${this.exitCode}) before it was ready:\n${this.tail()}`);
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.ok)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${this.name} not ready at ${url} after ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills without a chance to clean up (crash tests). */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  tail(lines = 30): string {
    return this.output().split('\n').slice(-lines).join('\n');
  }
}
