/**
 * At most `perSecond` lines in each one-second window; the rest are dropped and counted, and
 * the first line offered in a later window (or `flush`) reports how many were.
 */
export class LineRateLimit {
  private windowStart = 0;
  private passed = 0;
  private dropped = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a line may pass now, and how many were dropped before it (to report first). */
  offer(): { pass: boolean; droppedBefore: number } {
    const droppedBefore = this.roll();
    if (this.passed >= this.perSecond) {
      this.dropped += 1;
      return { pass: false, droppedBefore };
    }
    this.passed += 1;
    return { pass: true, droppedBefore };
  }

  /** Lines dropped in windows that are over (to report when the stream went quiet). */
  flush(): number {
    return this.roll();
  }

  private roll(): number {
    const now = this.now();
    if (now - this.windowStart < 1_000) return 0;
    this.windowStart = now;
    this.passed = 0;
    const dropped = this.dropped;
    this.dropped = 0;
    return dropped;
  }
}

export function droppedMarker(dropped: number, perSecond: number): string {
  return `[platform] ${dropped} line${dropped === 1 ? '' : 's'} dropped (more than ${perSecond} lines per second)`;
}
