/** What one test runner reported. */
export interface RunnerTotals {
  runner: string;
  passed: number;
  failed: number;
  skipped: number;
  /** The runner's exit code: a runner that crashed or failed a suite counts as failed. */
  exitCode: number;
}

interface JestJson {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  numFailedTestSuites?: number;
  numRuntimeErrorTestSuites?: number;
}

/** Jest's `--json` result; no file (jest could not start) is one failure. */
export function jestTotals(json: unknown, exitCode: number): RunnerTotals {
  const result = (json ?? {}) as JestJson;
  const failedSuites = (result.numRuntimeErrorTestSuites ?? 0) + (json === undefined ? 1 : 0);
  return {
    runner: 'jest',
    passed: result.numPassedTests ?? 0,
    failed: (result.numFailedTests ?? 0) + failedSuites,
    skipped: (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0),
    exitCode,
  };
}

/** Vitest's JSON reporter writes the same shape as jest's. */
export function vitestTotals(json: unknown, exitCode: number): RunnerTotals {
  return { ...jestTotals(json, exitCode), runner: 'vitest' };
}

/** One line per runner, then the total in the plain `N passed, N failed` form CI reads. */
export function summaryLines(totals: readonly RunnerTotals[]): { lines: string[]; ok: boolean } {
  const sum = (key: 'passed' | 'failed' | 'skipped') => totals.reduce((total, runner) => total + runner[key], 0);
  // A runner that exited non-zero without a failed test (a crash, a failed global set-up) still fails the run.
  const crashed = totals.filter((runner) => runner.exitCode !== 0 && runner.failed === 0).length;
  const lines = [
    'Summary of every test runner',
    ...totals.map(
      (runner) =>
        `  ${runner.runner.padEnd(7)} ${runner.passed} ok, ${runner.failed} not ok, ${runner.skipped} skipped${runner.exitCode !== 0 ? ` (exit code ${runner.exitCode})` : ''}`,
    ),
    `Total: ${sum('passed')} passed, ${sum('failed') + crashed} failed, ${sum('skipped')} skipped`,
  ];
  return { lines, ok: totals.every((runner) => runner.exitCode === 0) && sum('failed') === 0 };
}
