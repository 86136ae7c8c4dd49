import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { Logger } from '@saas/logger';
import type { Mailer } from '@saas/mail';
import type { CallerInfo } from '@saas/subgraph';
import type { Request } from 'express';
import type { TenantQuotas } from './domain/tenant-quotas';
import type { EmailLookup } from './services/account-directory';
import { AuditLogService } from './services/audit-log.service';
import type { InstanceCounter } from './services/instance-directory';
import { InvitationService } from './services/invitation.service';
import { MemberService } from './services/member.service';
import { TenantService } from './services/tenant.service';
import type { CommitHooks } from './services/transaction';

/** Everything a resolver of the tenant subgraph gets. */
export interface TenantContext {
  identity: Identity;
  /** The client's address (libs/subgraph client-address), for the audit log. */
  ip: string | null;
  em: EntityManager;
  tenants: TenantService;
  members: MemberService;
  invitations: InvitationService;
  auditLog: AuditLogService;
}

/** Long-lived collaborators shared by every request. */
export interface TenantServices {
  em: EntityManager;
  identify: (authorization: string | undefined) => Promise<Identity>;
  hooks: CommitHooks;
  mailer: Mailer;
  accounts: EmailLookup;
  instances: InstanceCounter;
  appUrl: string;
  logger: Logger;
  /** Tenants and trials per user, invitations per tenant (environment). */
  quotas: TenantQuotas;
}

/** Builds the services of one request around its own entity manager (one identity map per request). */
export function createRequestContext(services: TenantServices, identity: Identity, ip: string | null): TenantContext {
  const em = services.em.fork() as EntityManager;
  return {
    identity,
    ip,
    em,
    tenants: new TenantService({ em, hooks: services.hooks, instances: services.instances, quotas: services.quotas }),
    members: new MemberService({ em, hooks: services.hooks }),
    invitations: new InvitationService({ em, hooks: services.hooks, mailer: services.mailer, accounts: services.accounts, appUrl: services.appUrl, logger: services.logger, quotas: services.quotas }),
    auditLog: new AuditLogService(em),
  };
}

export function createContextFactory(services: TenantServices) {
  return async (req: Request, caller: CallerInfo): Promise<TenantContext> =>
    createRequestContext(services, await services.identify(req.headers.authorization), caller.clientIp);
}
