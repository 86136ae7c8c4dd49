import { PushIterator } from '../../src/live/push-iterator';

describe('PushIterator: a bounded queue for a slow consumer', () => {
  it('queues up to maxQueued values, then replaces what is unread with the overflow value and ends', async () => {
    let returned = 0;
    const iterator = new PushIterator<string>(() => (returned += 1), { maxQueued: 3, overflow: () => 'SLOW_CONSUMER' });
    for (const value of ['a', 'b', 'c']) iterator.push(value);
    expect(iterator.queued).toBe(3);
    iterator.push('d');
    iterator.push('e');
    expect(await iterator.next()).toEqual({ value: 'SLOW_CONSUMER', done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(iterator.isEnded).toBe(true);
    expect(returned).toBe(1);
  });

  it('never counts a value handed straight to a waiting consumer', async () => {
    const iterator = new PushIterator<number>(() => undefined, { maxQueued: 1, overflow: () => -1 });
    for (let i = 0; i < 5; i += 1) {
      const next = iterator.next();
      iterator.push(i);
      expect(await next).toEqual({ value: i, done: false });
    }
    expect(iterator.isEnded).toBe(false);
  });
});
