import type { EventPosition } from '@saas/contracts';
import type { Instance } from '../entities/instance.entity';

/** The last position an integer column holds: nothing of the operation can come after it. */
const LAST = 2_147_483_647;

/** True when `position` comes after the last event applied to the instance. */
export function isAfterApplied(instance: Pick<Instance, 'appliedOperationSeq' | 'appliedAttempt' | 'appliedStep'>, position: EventPosition): boolean {
  const applied = [instance.appliedOperationSeq, instance.appliedAttempt, instance.appliedStep];
  const incoming = [position.operationSeq, position.attempt, position.step];
  for (let i = 0; i < incoming.length; i += 1) {
    const a = incoming[i] ?? 0;
    const b = applied[i] ?? 0;
    if (a !== b) return a > b;
  }
  return false;
}

export function markApplied(
  instance: Pick<Instance, 'appliedOperationSeq' | 'appliedAttempt' | 'appliedStep'>,
  position: EventPosition,
): void {
  instance.appliedOperationSeq = position.operationSeq;
  instance.appliedAttempt = position.attempt;
  instance.appliedStep = position.step;
}

/**
 * The position after every event an operation's job can send: marked applied when the
 * control plane ends the operation itself, so its late events change nothing; the next
 * operation's events still come after it.
 */
export function endOfOperation(operationSeq: number): EventPosition {
  return { operationSeq, attempt: LAST, step: LAST };
}
