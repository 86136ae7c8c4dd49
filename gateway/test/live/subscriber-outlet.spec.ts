import type { ExecutionResult } from 'graphql';
import { PushIterator } from '../../src/live/push-iterator';
import { SubscriberOutlet } from '../../src/live/subscriber-outlet';

const result = (n: number): ExecutionResult => ({ data: { n } });

async function drain(iterator: PushIterator<ExecutionResult>): Promise<unknown[]> {
  const seen: unknown[] = [];
  while (iterator.queued > 0) seen.push((await iterator.next()).value?.data?.n);
  return seen;
}

describe('SubscriberOutlet', () => {
  it('delivers each key once', async () => {
    const iterator = new PushIterator<ExecutionResult>(() => undefined);
    const outlet = new SubscriberOutlet(iterator);
    outlet.deliver('i:1', result(1));
    outlet.deliver('i:1', result(1));
    outlet.deliver('i:2', result(2));
    outlet.deliver(null, result(3));
    expect(await drain(iterator)).toEqual([1, 2, 3]);
  });

  it('holds results while held; what is pushed meanwhile comes first and its repeats are dropped on release', async () => {
    const iterator = new PushIterator<ExecutionResult>(() => undefined);
    const outlet = new SubscriberOutlet(iterator);
    outlet.hold();
    outlet.deliver('i:2', result(2));
    outlet.deliver('i:3', result(3));
    outlet.push('i:1', result(1));
    outlet.push('i:2', result(2));
    expect(await drain(iterator)).toEqual([1, 2]);
    outlet.release();
    expect(await drain(iterator)).toEqual([3]);
  });

  it('finishes after the held results', async () => {
    const iterator = new PushIterator<ExecutionResult>(() => undefined);
    const outlet = new SubscriberOutlet(iterator);
    outlet.hold();
    outlet.deliver('i:1', result(1));
    outlet.finish();
    expect(iterator.isEnded).toBe(false);
    outlet.release();
    expect(iterator.isEnded).toBe(true);
    expect((await iterator.next()).value?.data).toEqual({ n: 1 });
    expect((await iterator.next()).done).toBe(true);
  });
});
