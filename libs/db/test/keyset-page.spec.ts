import { DomainError } from '@saas/errors';
import { decodeCursor, encodeCursor, parsePageSize } from '../src/keyset-page';

const code = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? `${error.code}:${String(error.details.field)}` : 'other';
  }
};

describe('keyset page cursors', () => {
  it('round-trips a position and looks opaque', () => {
    const position = { at: new Date('2026-11-24T10:11:12.345Z'), id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' };
    const cursor = encodeCursor(position.at, position.id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(position.id);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each(['', 'nope', '!!!', Buffer.from('yesterday|x').toString('base64url'), Buffer.from('2026-11-24T10:11:12.345Z|not-an-id').toString('base64url')])(
    'refuses %p with BAD_USER_INPUT on `after`',
    (value) => {
      expect(code(() => decodeCursor(value))).toBe('BAD_USER_INPUT:after');
    },
  );

  it('bounds page sizes', () => {
    expect(parsePageSize(undefined)).toBe(20);
    expect(parsePageSize(0)).toBe(0);
    expect(parsePageSize(100)).toBe(100);
    expect(code(() => parsePageSize(101))).toBe('BAD_USER_INPUT:first');
    expect(code(() => parsePageSize(-1))).toBe('BAD_USER_INPUT:first');
  });
});
