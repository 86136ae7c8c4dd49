import type { ExecutionResult } from 'graphql';
import type { PushIterator } from './push-iterator';

/** How many delivered event keys a subscriber remembers to drop repeats. */
const REMEMBERED_KEYS = 1000;

/**
 * What one subscriber receives, between the events and its iterator. Each event has a key
 * (`<instanceId>:<sequence>` for a status change): an event already delivered is dropped, so
 * a subscriber fed from two sources for a moment (history replayed before going live, its
 * old and its new group while its role changes) sees every event once. While held, results
 * queue here and are released in order by `release`.
 */
export class SubscriberOutlet {
  private readonly delivered = new Set<string>();
  private held: Array<{ key: string | null; result: ExecutionResult }> | null = null;
  private finishOnRelease = false;
  /** The key of the last event delivered (where a resumed subscription goes on from). */
  lastKey: string | null = null;

  constructor(readonly iterator: PushIterator<ExecutionResult>) {}

  deliver(key: string | null, result: ExecutionResult): void {
    if (this.held) {
      this.held.push({ key, result });
      return;
    }
    this.push(key, result);
  }

  /** Whether an event with this key was already delivered. */
  has(key: string): boolean {
    return this.delivered.has(key);
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const { key, result } of held) this.push(key, result);
    if (this.finishOnRelease) this.iterator.end();
  }

  /** Ends the subscription after what was delivered (and, while held, what is held). */
  finish(): void {
    if (this.held) this.finishOnRelease = true;
    else this.iterator.end();
  }

  /** Delivers now, even while held (what the held results must follow). */
  push(key: string | null, result: ExecutionResult): void {
    if (key !== null) {
      if (this.delivered.has(key)) return;
      this.delivered.add(key);
      this.lastKey = key;
      if (this.delivered.size > REMEMBERED_KEYS) this.delivered.delete(this.delivered.values().next().value as string);
    }
    this.iterator.push(result);
  }
}
