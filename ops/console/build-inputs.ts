import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the console's build depends on; anything else in `console/` (tests, dist) does not count. */
const INPUTS = ['index.html', 'explorer.html', 'vite.config.ts', 'package.json', 'tsconfig.json', 'src', 'public'];
const IGNORED = /\.test\.tsx?$|(^|\/)test-setup\.ts$/;

/** A hash of every build input and of the lockfile: equal hashes, equal builds. */
export function buildInputsHash(consoleDir: string, lockfile: string): string {
  const hash = createHash('sha256');
  const files = INPUTS.flatMap((input) => filesUnder(path.join(consoleDir, input))).filter((file) => !IGNORED.test(file));
  for (const file of files.sort()) {
    hash.update(path.relative(consoleDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  hash.update(readFileSync(lockfile));
  return hash.digest('hex');
}

function filesUnder(target: string): string[] {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) return [target];
  return readdirSync(target).flatMap((name) => filesUnder(path.join(target, name)));
}
