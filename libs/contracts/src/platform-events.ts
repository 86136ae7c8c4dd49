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

/**
 * A tenant came into being or changed status (routing keys `tenant.created`,
 * `tenant.status`); published by the tenant subgraph through its outbox. Billing starts a
 * trial subscription on `tenant.created`.
 */
export interface TenantLifecycleEvent {
  eventId: string;
  tenantId: string;
  type: 'created' | 'status';
  status: 'ACTIVE' | 'SUSPENDED' | 'DELETED';
  /** The user who created the tenant (on `created`). */
  ownerUserId: string | null;
  at: string;
}
