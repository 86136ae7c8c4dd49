import { BadUserInputError } from '@saas/errors';

/** Position of an audit entry in the newest-first order: its time, then its id as tie-breaker. */
export interface AuditCursor {
  at: Date;
  id: string;
}

const PREFIX = 'audit:';

/** Opaque to clients (base64url), stable for a given entry. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${PREFIX}${cursor.at.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The position a client passed as `after`; BAD_USER_INPUT on anything we did not issue. */
export function decodeAuditCursor(value: string, field = 'after'): AuditCursor {
  const decoded = /^[A-Za-z0-9_-]+$/.test(value) ? Buffer.from(value, 'base64url').toString('utf8') : '';
  const match = /^audit:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/.exec(decoded);
  const at = match ? new Date(match[1] ?? '') : undefined;
  if (!match || !at || Number.isNaN(at.getTime())) {
    throw new BadUserInputError('Cursor is not valid; pass an `endCursor` from a previous page.', field);
  }
  return { at, id: match[2] ?? '' };
}

/** Page size: 1 to 100 (0 is allowed and returns only counts). */
export function parsePageSize(first: number | null | undefined, field = 'first'): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > 100) throw new BadUserInputError('`first` must be between 0 and 100.', field);
  return size;
}
