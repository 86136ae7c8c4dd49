import { randomUUID } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantAuthorizer } from '@saas/authz';
import type { TenantChannelMessage } from '@saas/contracts';
import { ConflictError, NotFoundError, QuotaExceededError } from '@saas/errors';
import { enqueueAuditEvent } from '@saas/messaging';
import { parseCustomDomain } from '../domain/custom-domain';
import { parseId } from '../domain/instance-input';
import { Instance } from '../entities/instance.entity';
import { InstanceDomain, type InstanceDomainStatus } from '../entities/instance-domain.entity';
import type { DnsVerdict, DnsVerifier } from './dns-verifier';
import type { EntitlementsClient } from './entitlements.client';
import type { Actor } from './instance-commands.service';
import { customDomainLimit, type InstanceSettings, platformHost } from './instance-settings';
import { changeStatus } from './status-changes';

export interface DomainDependencies {
  em: EntityManager;
  authorizer: TenantAuthorizer;
  entitlements: EntitlementsClient;
  settings: InstanceSettings;
  dns: DnsVerifier;
  /** After commit: live events to Redis, and the edge told its routes changed. */
  afterCommit: (messages: TenantChannelMessage[]) => void;
}

/** Instances in these states keep their domains; a domain of a DELETED one is free again. */
const GONE: ReadonlySet<string> = new Set(['DELETING', 'DELETED']);

/**
 * Custom domains: ADMIN+ of the instance's tenant adds one (validated, unique platform-wide,
 * within the plan's limit), verifies it (its CNAME must point at the instance's own host),
 * removes it. Each change is audited and reaches `instanceStatusChanged` subscribers.
 */
export class InstanceDomains {
  constructor(private readonly deps: DomainDependencies) {}

  /** What a domain's CNAME must point at: the instance's `<subdomain>.<base domain>`. */
  dnsTarget(instance: Pick<Instance, 'subdomain'>): string {
    return platformHost(this.deps.settings, instance.subdomain);
  }

  domainsOf(instanceId: string): Promise<InstanceDomain[]> {
    return this.deps.em.find(InstanceDomain, { instanceId }, { orderBy: { createdAt: 'asc' } });
  }

  async add(actor: Actor, instanceId: string, input: string): Promise<InstanceDomain> {
    const id = parseId(instanceId, 'instanceId');
    const domain = parseCustomDomain(input, this.deps.settings.baseDomain);
    const instance = await this.deps.em.findOne(Instance, { id });
    if (!instance) throw new NotFoundError('Instance', id);
    await this.deps.authorizer.requireRole(actor.viewer, instance.tenantId, 'ADMIN');
    if (GONE.has(instance.status)) throw new ConflictError(`The instance is ${instance.status}; it cannot get a domain.`, { status: instance.status });
    const entitlements = await this.deps.entitlements.of(actor.viewer, instance.tenantId);
    const limit = customDomainLimit(this.deps.settings, entitlements.planCode);
    try {
      const { added, messages } = await this.deps.em.fork().transactional(async (em) => {
        const locked = await em.findOneOrFail(Instance, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        const count = await em.count(InstanceDomain, { instanceId: id });
        if (count >= limit) {
          throw new QuotaExceededError(`The ${entitlements.planCode} plan allows ${limit} custom domain(s) per instance; this one has ${count}.`, 'customDomains', limit);
        }
        await this.releaseIfOrphaned(em, domain);
        const row = em.create(InstanceDomain, {
          id: randomUUID(),
          instanceId: id,
          tenantId: locked.tenantId,
          domain,
          status: 'PENDING_VERIFICATION',
          error: null,
          createdBy: actor.viewer.userId,
          createdAt: new Date(),
          verifiedAt: null,
        });
        em.persist(row);
        // Flushed here so a taken domain fails inside this transaction, as a CONFLICT.
        await em.flush();
        this.audit(em, actor, row, 'instance.domain.add');
        return { added: row, messages: [this.announce(em, locked, `Domain ${domain} added; waiting for its DNS`)] };
      });
      this.deps.afterCommit(messages);
      return added;
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        // The same answer whoever holds it: which tenant has a domain is nobody else's business.
        throw new ConflictError(`Domain "${domain}" is already in use on the platform.`, { field: 'domain', reason: 'TAKEN' });
      }
      throw error;
    }
  }

  /** Checks the DNS now: ACTIVE when the CNAME points at the instance, else why not. */
  async verify(actor: Actor, domainId: string): Promise<InstanceDomain> {
    const found = await this.authorizedDomain(actor, domainId);
    const instance = await this.deps.em.findOneOrFail(Instance, { id: found.instanceId });
    const verdict = await this.deps.dns.cnameOf(found.domain, this.dnsTarget(instance));
    return this.record(found.id, verdict, this.dnsTarget(instance), actor);
  }

  async remove(actor: Actor, domainId: string): Promise<boolean> {
    const found = await this.authorizedDomain(actor, domainId);
    const messages = await this.deps.em.fork().transactional(async (em) => {
      const instance = await em.findOneOrFail(Instance, { id: found.instanceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const row = await em.findOne(InstanceDomain, { id: found.id });
      if (!row) return [];
      em.remove(row);
      this.audit(em, actor, row, 'instance.domain.remove');
      return [this.announce(em, instance, `Domain ${row.domain} removed`)];
    });
    this.deps.afterCommit(messages);
    return true;
  }

  /** Applies a DNS verdict to a domain; also used by the periodic re-check (actor null). */
  async record(domainId: string, verdict: DnsVerdict, target: string, actor: Actor | null): Promise<InstanceDomain> {
    const { updated, messages } = await this.deps.em.fork().transactional(async (em) => {
      const row = await em.findOneOrFail(InstanceDomain, { id: domainId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const next = nextStatus(row.status, verdict);
      const error = verdictError(verdict, row.domain, target);
      const changed = next !== row.status;
      row.status = next;
      row.error = error;
      if (next === 'ACTIVE' && changed) row.verifiedAt = new Date();
      if (!changed) return { updated: row, messages: [] };
      this.audit(em, actor, row, `instance.domain.${next === 'ACTIVE' ? 'activate' : 'fail'}`);
      const instance = await em.findOneOrFail(Instance, { id: row.instanceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      return { updated: row, messages: [this.announce(em, instance, `Domain ${row.domain} is ${next}${error ? `: ${error}` : ''}`)] };
    });
    this.deps.afterCommit(messages);
    return updated;
  }

  private async authorizedDomain(actor: Actor, domainId: string): Promise<InstanceDomain> {
    const id = parseId(domainId, 'id');
    const found = await this.deps.em.findOne(InstanceDomain, { id });
    if (!found) throw new NotFoundError('Instance domain', id);
    await this.deps.authorizer.requireRole(actor.viewer, found.tenantId, 'ADMIN');
    return found;
  }

  /** A domain still held by a deleted instance is given up, so it can be used again. */
  private async releaseIfOrphaned(em: EntityManager, domain: string): Promise<void> {
    const holder = await em.findOne(InstanceDomain, { domain });
    if (!holder) return;
    const instance = await em.findOne(Instance, { id: holder.instanceId });
    if (!instance || GONE.has(instance.status)) {
      em.remove(holder);
      await em.flush();
    }
  }

  /**
   * A domain change as a live event on the instance's status stream (its status does not
   * change); the instance keeps its own status message.
   */
  private announce(em: EntityManager, instance: Instance, message: string): TenantChannelMessage {
    const statusMessage = instance.statusMessage;
    const event = changeStatus(em, instance, instance.status, message, null);
    instance.statusMessage = statusMessage;
    return event;
  }

  private audit(em: EntityManager, actor: Actor | null, row: InstanceDomain, action: string): void {
    enqueueAuditEvent(em, {
      tenantId: row.tenantId,
      actorUserId: actor?.viewer.userId ?? null,
      action,
      // The log shows which domain (the row is gone once removed); the column holds 200 characters.
      targetType: 'instance_domain',
      targetId: row.domain.length <= 200 ? row.domain : row.id,
      ip: actor?.ip ?? null,
      source: 'instance',
    });
  }
}

/** An ACTIVE domain whose CNAME went away is FAILED (and unrouted); a pending one stays pending. */
function nextStatus(current: InstanceDomainStatus, verdict: DnsVerdict): InstanceDomainStatus {
  if (verdict.kind === 'POINTS_AT_TARGET') return 'ACTIVE';
  if (verdict.kind === 'POINTS_ELSEWHERE') return 'FAILED';
  return current === 'ACTIVE' ? 'FAILED' : current;
}

function verdictError(verdict: DnsVerdict, domain: string, target: string): string | null {
  switch (verdict.kind) {
    case 'POINTS_AT_TARGET':
      return null;
    case 'NO_RECORD':
      return `No CNAME record for ${domain} pointing at ${target} yet (${verdict.detail}).`;
    case 'POINTS_ELSEWHERE':
      return `${domain} has a CNAME to ${verdict.targets.join(', ')}, not ${target}.`;
  }
}
