export { initOrm, ormOptions, pingDatabase } from './orm';
export type { Orm, OrmConfig } from './orm';
