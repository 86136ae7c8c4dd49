import type { EventPosition } from '@saas/contracts';
import type { Instance } from '../entities/instance.entity';

/** True when `position` comes after the last event applied to the instance. */
export function isAfterApplied(instance: Instance, position: EventPosition): boolean {
  const applied = [instance.appliedOperationSeq, instance.appliedAttempt, instance.appliedStep];
  const incoming = [position.operationSeq, position.attempt, position.step];
  for (let i = 0; i < incoming.length; i += 1) {
    const a = incoming[i] ?? 0;
    const b = applied[i] ?? 0;
    if (a !== b) return a > b;
  }
  return false;
}

export function markApplied(instance: Instance, position: EventPosition): void {
  instance.appliedOperationSeq = position.operationSeq;
  instance.appliedAttempt = position.attempt;
  instance.appliedStep = position.step;
}
