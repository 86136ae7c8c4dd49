export { MembershipCache } from './membership-cache';
export type { CachedMembership } from './membership-cache';
export { isRole, roleAtLeast, ROLES, TENANT_STATUSES } from './roles';
export type { Role, TenantStatus } from './roles';
export { TenantAuthorizer } from './tenant-authorizer';
export type { TenantAccess, TenantAuthorizerConfig } from './tenant-authorizer';
