import { OutboxMessageSchema } from '@saas/messaging';
import { InstanceStatusEventSchema } from './entities/instance-status-event.entity';
import { InvoiceSchema } from './entities/invoice.entity';
import { InvoiceLineSchema } from './entities/invoice-line.entity';
import { PlanSchema } from './entities/plan.entity';
import { PlanTermSchema } from './entities/plan-term.entity';
import { SubscriptionSchema } from './entities/subscription.entity';
import { migrations } from './migrations';

export const entities = [PlanSchema, SubscriptionSchema, PlanTermSchema, InstanceStatusEventSchema, InvoiceSchema, InvoiceLineSchema, OutboxMessageSchema];
export { migrations };
