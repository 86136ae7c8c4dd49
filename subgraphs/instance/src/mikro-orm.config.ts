import { migrations } from './migrations';

export const entities: never[] = [];
export { migrations };
