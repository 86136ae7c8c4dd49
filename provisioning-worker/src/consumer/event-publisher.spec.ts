import { operationEventId } from './event-publisher';

describe('operationEventId', () => {
  it('is the same for the same step of the same attempt, and UUID-shaped', () => {
    const id = operationEventId('op-1', 1, 3);
    expect(id).toBe(operationEventId('op-1', 1, 3));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differs between steps, attempts and operations', () => {
    const ids = new Set([operationEventId('op-1', 1, 3), operationEventId('op-1', 1, 4), operationEventId('op-1', 2, 3), operationEventId('op-2', 1, 3)]);
    expect(ids.size).toBe(4);
  });
});
