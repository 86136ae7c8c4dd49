import { FINAL_STEPS } from '@saas/contracts';
import { endOfOperation, isAfterApplied, markApplied } from '../src/services/event-position';

const applied = (operationSeq: number, attempt: number, step: number) => ({
  appliedOperationSeq: operationSeq,
  appliedAttempt: attempt,
  appliedStep: step,
});

describe('event positions', () => {
  it('applies the first event of a fresh instance', () => {
    expect(isAfterApplied(applied(0, 0, 0), { operationSeq: 1, attempt: 1, step: 1 })).toBe(true);
  });

  it('ignores the same position again (a duplicate)', () => {
    expect(isAfterApplied(applied(2, 1, 3), { operationSeq: 2, attempt: 1, step: 3 })).toBe(false);
  });

  it.each([
    ['an earlier step', { operationSeq: 2, attempt: 1, step: 2 }],
    ['an earlier attempt, even at a later step', { operationSeq: 2, attempt: 0, step: FINAL_STEPS.failed }],
    ['an earlier operation, even at a later attempt', { operationSeq: 1, attempt: 4, step: FINAL_STEPS.failed }],
  ])('ignores %s (stale)', (_name, position) => {
    expect(isAfterApplied(applied(2, 1, 3), position)).toBe(false);
  });

  it.each([
    ['a later step', { operationSeq: 2, attempt: 1, step: 4 }],
    ['a later attempt, from its first step', { operationSeq: 2, attempt: 2, step: 1 }],
    ['a later operation, from its first step', { operationSeq: 3, attempt: 1, step: 1 }],
  ])('applies %s', (_name, position) => {
    expect(isAfterApplied(applied(2, 1, 3), position)).toBe(true);
  });

  it('lets the terminal events of an attempt follow its retry notice', () => {
    const notice = applied(2, 1, FINAL_STEPS.retrying);
    expect(isAfterApplied(notice, { operationSeq: 2, attempt: 1, step: FINAL_STEPS.succeeded })).toBe(true);
    expect(isAfterApplied(notice, { operationSeq: 2, attempt: 1, step: FINAL_STEPS.failed })).toBe(true);
    expect(isAfterApplied(notice, { operationSeq: 2, attempt: 1, step: 8 })).toBe(false);
  });

  it('closes an operation: none of its events after the end, the next operation still after it', () => {
    const instance = applied(2, 1, 3);
    markApplied(instance, endOfOperation(2));
    expect(isAfterApplied(instance, { operationSeq: 2, attempt: 4, step: FINAL_STEPS.failed })).toBe(false);
    expect(isAfterApplied(instance, { operationSeq: 3, attempt: 1, step: 1 })).toBe(true);
  });
});
