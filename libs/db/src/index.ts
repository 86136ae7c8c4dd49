export { initOrm, ormOptions, pingDatabase } from './orm';
export type { Orm, OrmConfig } from './orm';
export { decodeCursor, encodeCursor, newestFirstPage, parsePageSize } from './keyset-page';
export type { Connection, PageArgs } from './keyset-page';
