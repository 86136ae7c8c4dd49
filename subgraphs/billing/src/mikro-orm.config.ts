import { OutboxMessageSchema } from '@saas/messaging';
import { PlanSchema } from './entities/plan.entity';
import { SubscriptionSchema } from './entities/subscription.entity';
import { migrations } from './migrations';

export const entities = [PlanSchema, SubscriptionSchema, OutboxMessageSchema];
export { migrations };
