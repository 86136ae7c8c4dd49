import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@saas/errors';

/** A Relay connection page. */
export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const MAX_PAGE = 100;
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/;

/** Page size: 0 to 100 (0 returns only the count); 20 by default. */
export function parsePageSize(first: number | null | undefined, field = 'first'): number {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) throw new BadUserInputError(`\`first\` must be between 0 and ${MAX_PAGE}.`, field);
  return size;
}

/** Opaque to clients (base64url of time and id), stable for a given row. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

/** The position a client passed as `after`; BAD_USER_INPUT on anything not issued by us. */
export function decodeCursor(value: string, field = 'after'): { at: Date; id: string } {
  const decoded = /^[A-Za-z0-9_-]+$/.test(value) ? Buffer.from(value, 'base64url').toString('utf8') : '';
  const match = CURSOR.exec(decoded);
  const at = match ? new Date(match[1] ?? '') : undefined;
  if (!match || !at || Number.isNaN(at.getTime())) {
    throw new BadUserInputError('Cursor is not valid; pass an `endCursor` from a previous page.', field);
  }
  return { at, id: match[2] ?? '' };
}

/**
 * One page of `where`, newest first, keyset-paginated on (`timeField`, id) so pages stay
 * stable while rows arrive; `totalCount` counts the whole filtered list.
 */
export async function newestFirstPage<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  timeField: keyof T & string,
  args: PageArgs,
): Promise<Connection<T>> {
  const size = parsePageSize(args.first);
  const after = args.after ? decodeCursor(args.after) : undefined;
  const position = after ? { $or: [{ [timeField]: { $lt: after.at } }, { [timeField]: after.at, id: { $lt: after.id } }] } : {};
  const [rows, totalCount] = await Promise.all([
    size === 0
      ? Promise.resolve([] as T[])
      : em.find(entity, { ...(where as object), ...position } as FilterQuery<T>, {
          orderBy: { [timeField]: 'desc', id: 'desc' } as never,
          limit: size + 1,
        }),
    em.count(entity, where),
  ]);
  const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(node[timeField] as Date, node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
