import { jestTotals, summaryLines, vitestTotals } from './totals';

describe('test summary of jest and vitest', () => {
  it('adds both runners into one plain "N passed, N failed" line', () => {
    const { lines, ok } = summaryLines([
      jestTotals({ numPassedTests: 10, numFailedTests: 0, numPendingTests: 2, numTodoTests: 0, numRuntimeErrorTestSuites: 0 }, 0),
      vitestTotals({ numPassedTests: 5, numFailedTests: 0, numPendingTests: 0 }, 0),
    ]);
    expect(ok).toBe(true);
    expect(lines.at(-1)).toBe('Total: 15 passed, 0 failed, 2 skipped');
  });

  it('fails when one runner fails a test', () => {
    const { lines, ok } = summaryLines([jestTotals({ numPassedTests: 3 }, 0), vitestTotals({ numPassedTests: 1, numFailedTests: 1 }, 1)]);
    expect(ok).toBe(false);
    expect(lines.at(-1)).toBe('Total: 4 passed, 1 failed, 0 skipped');
  });

  it('counts a runner that crashed without a report as a failure', () => {
    const { lines, ok } = summaryLines([jestTotals(undefined, 1)]);
    expect(ok).toBe(false);
    expect(lines.at(-1)).toBe('Total: 0 passed, 1 failed, 0 skipped');
  });

  it('counts a suite that could not run and a non-zero exit with nothing failed', () => {
    expect(jestTotals({ numPassedTests: 2, numRuntimeErrorTestSuites: 1 }, 1).failed).toBe(1);
    const { ok, lines } = summaryLines([jestTotals({ numPassedTests: 2 }, 1)]);
    expect(ok).toBe(false);
    expect(lines.at(-1)).toBe('Total: 2 passed, 1 failed, 0 skipped');
  });
});
