import { ProfileSchema } from './entities/profile.entity';
import { migrations } from './migrations';

export const entities = [ProfileSchema];
export { migrations };
