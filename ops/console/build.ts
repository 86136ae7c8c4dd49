// `npm run console:build`: builds console/ (the console and the offline explorer) into
// console/dist, which the gateway serves. Skipped when nothing it depends on changed since
// the last build (a stamp in dist), so `npm run up` and test set-up pay for it once.
// `--force` builds anyway. Works offline: everything comes from node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildInputsHash } from './build-inputs';

const REPO_ROOT = path.resolve(__dirname, '../..');
const CONSOLE_DIR = path.join(REPO_ROOT, 'console');
const STAMP = path.join(CONSOLE_DIR, 'dist', '.build-inputs');

export function buildConsole(options: { force?: boolean; quiet?: boolean } = {}): void {
  const started = Date.now();
  const hash = buildInputsHash(CONSOLE_DIR, path.join(REPO_ROOT, 'package-lock.json'));
  const current = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === hash;
  if (current && !options.force) {
    if (!options.quiet) console.log('✓ console    up to date (console/dist)');
    return;
  }
  // The console's own vite (npm may hoist it or keep it under console/node_modules).
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [CONSOLE_DIR] })), 'bin', 'vite.js');
  // Always a production build: Vite keeps an inherited NODE_ENV (jest sets `test`), and a
  // non-production build talks to the dev server's API address instead of its own origin.
  const result = spawnSync(process.execPath, [vite, 'build', '--mode', 'production', '--logLevel', 'warn'], {
    cwd: CONSOLE_DIR,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build of the console failed (exit ${result.status ?? result.signal})`);
  writeFileSync(STAMP, `${hash}\n`);
  console.log(`✓ console    built into console/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  try {
    buildConsole({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(`✗ ${(error as Error).message}`);
    process.exit(1);
  }
}
