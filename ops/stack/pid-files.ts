import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '@saas/stack';
import { pidFile } from './dev-stack';

/** The PID recorded for a service, if that process is still one of ours. */
export function runningPid(service: ServiceName, entry: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(service), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    // A recycled PID belongs to another program: only trust it if it runs our entry point.
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return commandLine.includes(entry) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writePid(service: ServiceName, pid: number): void {
  mkdirSync(path.dirname(pidFile(service)), { recursive: true });
  writeFileSync(pidFile(service), `${pid}\n`);
}

export function removePid(service: ServiceName): void {
  rmSync(pidFile(service), { force: true });
}
