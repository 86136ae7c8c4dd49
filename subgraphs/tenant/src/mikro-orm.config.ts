import { OutboxMessageSchema } from '@saas/messaging';
import { AuditEntrySchema } from './entities/audit-entry.entity';
import { InvitationSchema } from './entities/invitation.entity';
import { MembershipSchema } from './entities/membership.entity';
import { TenantSchema } from './entities/tenant.entity';
import { migrations } from './migrations';

export const entities = [TenantSchema, MembershipSchema, InvitationSchema, AuditEntrySchema, OutboxMessageSchema];
export { migrations };
