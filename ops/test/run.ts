// The README's test command. `npm test`: jest (unit, integration and end-to-end tiers) and
// Vitest (the console's component tests), one after the other, then one summary and one exit
// code. `--tier unit|integration|e2e|chaos` runs one jest tier (the unit tier with Vitest);
// `--vitest` runs only Vitest. Other arguments go to jest; a path among them means "just
// these files", so Vitest is skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type RunnerTotals, summaryLines, jestTotals, vitestTotals } from './totals';

const REPO_ROOT = path.resolve(__dirname, '../..');
const TIERS = ['unit', 'integration', 'e2e', 'chaos'] as const;
type Tier = (typeof TIERS)[number];

function parseArguments(argv: readonly string[]): { tier?: Tier; vitestOnly: boolean; jestArgs: string[] } {
  const jestArgs: string[] = [];
  let tier: Tier | undefined;
  let vitestOnly = false;
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--tier') {
      const value = argv[(index += 1)];
      if (!TIERS.includes(value as Tier)) throw new Error(`--tier takes one of ${TIERS.join(', ')}`);
      tier = value as Tier;
    } else if (argument === '--vitest') {
      vitestOnly = true;
    } else {
      jestArgs.push(argument);
    }
  }
  return { tier, vitestOnly, jestArgs };
}

function runJest(tier: Tier | undefined, extra: readonly string[], scratch: string): RunnerTotals {
  const output = path.join(scratch, 'jest.json');
  // Paths first: `--selectProjects` takes every value after it (a path would become a project name).
  const args = [require.resolve('jest/bin/jest'), ...extra, ...(tier === 'unit' ? [] : ['--runInBand'])];
  if (tier) args.push('--selectProjects', tier);
  args.push('--json', '--outputFile', output);
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  return jestTotals(readJson(output), result.status ?? 1);
}

function runVitest(scratch: string): RunnerTotals {
  const output = path.join(scratch, 'vitest.json');
  const consoleDir = path.join(REPO_ROOT, 'console');
  const vitest = path.join(path.dirname(require.resolve('vitest/package.json', { paths: [consoleDir] })), 'vitest.mjs');
  const result = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${output}`], {
    cwd: consoleDir,
    stdio: 'inherit',
  });
  return vitestTotals(readJson(output), result.status ?? 1);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function main(): number {
  const { tier, vitestOnly, jestArgs } = parseArguments(process.argv.slice(2));
  const onlyFiles = jestArgs.some((argument) => !argument.startsWith('-'));
  const scratch = mkdtempSync(path.join(tmpdir(), 'saas-test-'));
  try {
    const totals: RunnerTotals[] = [];
    if (!vitestOnly) totals.push(runJest(tier, jestArgs, scratch));
    if (vitestOnly || ((tier === undefined || tier === 'unit') && !onlyFiles)) totals.push(runVitest(scratch));
    const { lines, ok } = summaryLines(totals);
    console.log(`\n${lines.join('\n')}`);
    return ok ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exit(main());
