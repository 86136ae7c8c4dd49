import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The package's data folder, found through the workspace link so it resolves the same from
 * sources (tsx) and from the esbuild bundle in dist/.
 */
export const COMMON_PASSWORDS_PATH = path.join(path.dirname(require.resolve('@saas/auth-subgraph/package.json')), 'data/common-passwords.txt');

/** Lower-cased common passwords; read once, on first use (about 49,000 entries). */
let cached: ReadonlySet<string> | undefined;

export function commonPasswords(): ReadonlySet<string> {
  cached ??= new Set(
    readFileSync(COMMON_PASSWORDS_PATH, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('# ')),
  );
  return cached;
}
