import { DomainError } from '@saas/errors';
import { decodeAuditCursor, encodeAuditCursor, parsePageSize } from './cursor';

const code = (run: () => unknown) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? `${error.code}:${String(error.details.field)}` : 'other';
  }
};

describe('audit cursors', () => {
  it('round-trips a position and looks opaque', () => {
    const position = { at: new Date('2026-11-24T10:11:12.345Z'), id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' };
    const cursor = encodeAuditCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(position.id);
    expect(decodeAuditCursor(cursor)).toEqual(position);
  });

  it.each(['', 'nope', '!!!', Buffer.from('audit:yesterday|x').toString('base64url'), Buffer.from('other:2026-11-24T10:11:12.345Z|3f2504e0-4f89-41d3-9a0c-0305e82c3301').toString('base64url')])(
    'refuses %p with BAD_USER_INPUT on `after`',
    (value) => {
      expect(code(() => decodeAuditCursor(value))).toBe('BAD_USER_INPUT:after');
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
