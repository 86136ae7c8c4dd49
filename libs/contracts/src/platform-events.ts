/**
 * A tenant-scoped change recorded in the audit log. Every subgraph publishes these through
 * its outbox (routing key `audit.<source>` on the `platform.events` exchange); the tenant
 * subgraph stores them and serves `Tenant.auditLog`.
 */
export interface AuditEvent {
  eventId: string;
  tenantId: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  ip: string | null;
  source: string;
  at: string;
}

/** Billing asks the platform to suspend or resume a tenant (routing key `billing.tenant-status`). */
export interface TenantBillingStatusChanged {
  eventId: string;
  tenantId: string;
  suspended: boolean;
  reason: string;
  at: string;
}
