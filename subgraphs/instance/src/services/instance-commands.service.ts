import { createHash, randomUUID } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import type { InstanceResources, OperationType, TenantChannelMessage } from '@saas/contracts';
import { ConflictError, ForbiddenError, NotFoundError, QuotaExceededError } from '@saas/errors';
import { enqueueAuditEvent } from '@saas/messaging';
import { encryptSecret, randomPassword } from '@saas/secrets';
import {
  type CreateInstanceArgs,
  type CreateInstanceRequest,
  type CreateStagingArgs,
  parseCreateInstanceInput,
  parseCreateStagingInput,
  parseId,
} from '../domain/instance-input';
import { type CommandType, refusalOf } from '../domain/lifecycle';
import { Backup } from '../entities/backup.entity';
import { IdempotencyKey } from '../entities/idempotency-key.entity';
import { Instance } from '../entities/instance.entity';
import { ACTIVE_OPERATION_STATUSES, InstanceOperation } from '../entities/instance-operation.entity';
import type { Entitlements, EntitlementsClient } from './entitlements.client';
import { type InstanceSettings, platformHost, publicUrl, stagingExpiresAt } from './instance-settings';
import { backupExpiresAt } from './backup-retention';
import { enqueueJob, type JobExtras } from './jobs';
import { changeStatus, operationProgressMessage } from './status-changes';

export interface CommandDependencies {
  em: EntityManager;
  authorizer: TenantAuthorizer;
  entitlements: EntitlementsClient;
  settings: InstanceSettings;
  /** Runs after a transaction committed: wakes the outbox relay, publishes to Redis. */
  afterCommit: (messages: TenantChannelMessage[]) => void;
}

export interface Actor {
  viewer: Viewer;
  ip: string | null;
}

interface QueueOptions {
  /** RESTORE: the backup to restore. */
  restoreFrom?: string;
  /** The plan's current limits, applied to the instance. */
  resources?: InstanceResources;
  /** BACKUP: the plan's retention; undefined keeps the backup. */
  retentionDays?: number;
  /** The plan's idle time before hibernation (null: never), applied to the instance. */
  hibernateAfterMinutes?: number | null;
  /** REFRESH_STAGING: the production instance to copy again. */
  copyFrom?: string;
}

/** What a create writes besides the request: a staging copy's production and expiry. */
interface NewInstance {
  request: CreateInstanceRequest;
  requestHash: string;
  limits: { cpuMillicores: number; memoryMb: number; storageGb: number; hibernateAfterMinutes: number | null };
  staging?: { of: Instance; expiresAt: Date };
}

/** Operations that leave the instance running, refused while the tenant is not ACTIVE (a wake is START). */
const RUNS_THE_INSTANCE = new Map<CommandType, string>([
  ['START', 'started'],
  ['RESTART', 'restarted'],
  ['RESTORE', 'restored'],
  ['UPGRADE', 'upgraded'],
  ['REFRESH_STAGING', 'refreshed'],
]);

/**
 * The lifecycle mutations. Each one authorizes, validates, and then writes the operation,
 * its job (outbox) and its audit record in one transaction; the worker does the work.
 */
export class InstanceCommands {
  constructor(private readonly deps: CommandDependencies) {}

  async create(actor: Actor, args: CreateInstanceArgs): Promise<InstanceOperation> {
    // Tenant ids are not parsed here: any id that is not one of the caller's tenants, even a
    // malformed one, gets the same FORBIDDEN from the authorizer (existence never leaks).
    const tenantId = args.tenantId;
    // Authorized before the input is read: a non-member learns nothing from validation errors.
    const access = await this.deps.authorizer.requireRole(actor.viewer, tenantId, 'ADMIN');
    const request = parseCreateInstanceInput(args, this.deps.settings.supportedVersions);
    if (access.tenantStatus !== 'ACTIVE') {
      throw new ForbiddenError(`The tenant is ${access.tenantStatus}; no instance can be created.`, { tenantStatus: access.tenantStatus });
    }
    const requestHash = hashRequest(request);
    const replay = await this.replayed(request, requestHash);
    if (replay) return replay;
    const entitlements = await this.deps.entitlements.of(actor.viewer, tenantId);
    if (!entitlements.canCreateInstances) {
      throw new QuotaExceededError('The subscription does not allow new instances.', 'canCreateInstances', entitlements.planCode);
    }
    if (!entitlements.allowedOdooVersions.includes(request.odooVersion)) {
      throw new QuotaExceededError(
        `The ${entitlements.planCode} plan allows Odoo ${entitlements.allowedOdooVersions.join(', ')}, not ${request.odooVersion}.`,
        'allowedOdooVersions',
        entitlements.allowedOdooVersions.join(','),
      );
    }
    try {
      const { operation, messages } = await this.deps.em.transactional(async (em) => {
        // Serializes creates of one tenant, so two at once cannot both pass the quota. em.execute
        // runs inside this transaction (em.getConnection().execute would take another connection).
        await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`instances:${tenantId}`]);
        const live = await em.count(Instance, { tenantId, deletedAt: null });
        if (live >= entitlements.maxInstances) {
          throw new QuotaExceededError(
            `The ${entitlements.planCode} plan allows ${entitlements.maxInstances} instance(s); the tenant has ${live}.`,
            'maxInstances',
            entitlements.maxInstances,
          );
        }
        if (await em.findOne(Instance, { subdomain: request.subdomain, deletedAt: null })) {
          throw new ConflictError(`Subdomain "${request.subdomain}" is taken.`, { field: 'input.subdomain' });
        }
        return this.insertInstance(em, actor, { request, requestHash, limits: entitlements });
      });
      this.deps.afterCommit(messages);
      return operation;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      // A concurrent request won a race: the same idempotency key, or the same subdomain.
      const replayAfterRace = await this.replayed(request, requestHash);
      if (replayAfterRace) return replayAfterRace;
      throw new ConflictError(`Subdomain "${request.subdomain}" is taken.`, { field: 'input.subdomain' });
    }
  }

  /**
   * A staging copy of a RUNNING production instance (ADMIN+): a new instance, validated like
   * a create and counted against the plan's instances, whose STAGING operation copies
   * production's data into it; production keeps running. It expires after the staging
   * lifetime. The same idempotency key returns the first request's operation.
   */
  async createStaging(actor: Actor, args: CreateStagingArgs): Promise<InstanceOperation> {
    const instanceId = parseId(args.instanceId, 'input.instanceId');
    const production = await this.deps.em.findOne(Instance, { id: instanceId });
    if (!production) throw new NotFoundError('Instance', instanceId);
    // The tenant first: a member of another tenant learns nothing else about the instance.
    const access = await this.deps.authorizer.requireRole(actor.viewer, production.tenantId, 'ADMIN');
    if (access.tenantStatus !== 'ACTIVE') {
      throw new ForbiddenError(`The tenant is ${access.tenantStatus}; no staging copy can be created.`, { tenantStatus: access.tenantStatus });
    }
    const staging = parseCreateStagingInput(args);
    const tenantId = production.tenantId;
    const request: CreateInstanceRequest = {
      tenantId,
      name: staging.name,
      subdomain: staging.subdomain,
      odooVersion: production.odooVersion,
      modules: production.modules,
      idempotencyKey: staging.idempotencyKey,
    };
    const requestHash = hashRequest({ ...request, stagingOf: production.id });
    const replay = await this.replayed(request, requestHash);
    if (replay) return replay;
    if (production.stagingOfId) {
      throw new ConflictError('This instance is a staging copy; make staging copies of its production instance.', { field: 'input.instanceId' });
    }
    if (production.status !== 'RUNNING') {
      throw new ConflictError(`The instance is ${production.status}; only a RUNNING instance can be copied to staging.`, { status: production.status });
    }
    const entitlements = await this.deps.entitlements.of(actor.viewer, tenantId);
    if (!entitlements.canCreateInstances) {
      throw new QuotaExceededError('The subscription does not allow new instances.', 'canCreateInstances', entitlements.planCode);
    }
    try {
      const { operation, messages } = await this.deps.em.transactional(async (em) => {
        await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`instances:${tenantId}`]);
        // A staging copy is an instance like any other for the plan: it counts against maxInstances.
        const live = await em.count(Instance, { tenantId, deletedAt: null });
        if (live >= entitlements.maxInstances) {
          throw new QuotaExceededError(
            `The ${entitlements.planCode} plan allows ${entitlements.maxInstances} instance(s), staging copies included; the tenant has ${live}.`,
            'maxInstances',
            entitlements.maxInstances,
          );
        }
        if (await em.findOne(Instance, { subdomain: request.subdomain, deletedAt: null })) {
          throw new ConflictError(`Subdomain "${request.subdomain}" is taken.`, { field: 'input.subdomain' });
        }
        const now = new Date();
        return this.insertInstance(em, actor, {
          request,
          requestHash,
          limits: entitlements,
          staging: { of: production, expiresAt: stagingExpiresAt(this.deps.settings, now) },
        });
      });
      this.deps.afterCommit(messages);
      return operation;
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      const replayAfterRace = await this.replayed(request, requestHash);
      if (replayAfterRace) return replayAfterRace;
      throw new ConflictError(`Subdomain "${request.subdomain}" is taken.`, { field: 'input.subdomain' });
    }
  }

  /** Copies production again into a staging copy (ADMIN+); the copy keeps its URL. */
  async refreshStaging(actor: Actor, stagingId: string): Promise<InstanceOperation> {
    const id = parseId(stagingId, 'id');
    const found = await this.deps.em.findOne(Instance, { id });
    if (!found) throw new NotFoundError('Instance', id);
    const access = await this.deps.authorizer.requireRole(actor.viewer, found.tenantId, 'ADMIN');
    if (access.tenantStatus !== 'ACTIVE') {
      throw new ForbiddenError(`The tenant is ${access.tenantStatus}; its instances cannot be refreshed.`, { tenantStatus: access.tenantStatus });
    }
    if (!found.stagingOfId) throw new ConflictError('This instance is not a staging copy; only a staging copy can be refreshed.', { field: 'id' });
    const production = await this.deps.em.findOne(Instance, { id: found.stagingOfId });
    if (!production || production.deletedAt || production.status === 'DELETED') {
      throw new ConflictError('The production instance of this staging copy is deleted; there is nothing to copy.', { status: 'DELETED' });
    }
    const plan = await this.planNow(actor.viewer, found.tenantId);
    const resources = plan ? { cpuMillicores: plan.cpuMillicores, memoryMb: plan.memoryMb, storageGb: plan.storageGb } : undefined;
    return this.queue(id, 'REFRESH_STAGING', actor, { resources, copyFrom: production.id });
  }

  /** START, STOP, RESTART, DELETE, BACKUP, RESTORE, UPGRADE of an existing instance. */
  async command(actor: Actor, type: CommandType, instanceId: string, backupId?: string): Promise<InstanceOperation> {
    const id = parseId(instanceId, 'id');
    const found = await this.deps.em.findOne(Instance, { id });
    if (!found) throw new NotFoundError('Instance', id);
    const access = await this.deps.authorizer.requireRole(actor.viewer, found.tenantId, 'ADMIN');
    if (access.tenantStatus !== 'ACTIVE' && RUNS_THE_INSTANCE.has(type)) {
      // A suspended tenant's instances stay stopped until billing resumes the tenant.
      throw new ForbiddenError(`The tenant is ${access.tenantStatus}; its instances cannot be ${RUNS_THE_INSTANCE.get(type)}.`, { tenantStatus: access.tenantStatus });
    }
    const restoreFrom = backupId === undefined ? undefined : parseId(backupId, 'backupId');
    // What the plan says now: a plan change reaches the container at its next start, restart,
    // restore or upgrade, and a backup is kept for the plan's retention.
    const plan = RUNS_THE_INSTANCE.has(type) || type === 'BACKUP' ? await this.planNow(actor.viewer, found.tenantId) : undefined;
    const resources = plan && RUNS_THE_INSTANCE.has(type) ? { cpuMillicores: plan.cpuMillicores, memoryMb: plan.memoryMb, storageGb: plan.storageGb } : undefined;
    const retentionDays = type === 'BACKUP' ? plan?.backupRetentionDays : undefined;
    const hibernateAfterMinutes = resources ? plan?.hibernateAfterMinutes : undefined;
    return this.queue(id, type, actor, { restoreFrom, resources, retentionDays, hibernateAfterMinutes });
  }

  /**
   * Opts an instance out of hibernation, or back in (ADMIN+). An opted-out instance is never
   * hibernated for idleness, so Odoo's scheduled actions keep running; `hibernateInstance`
   * still puts it to sleep on demand.
   */
  async setHibernation(actor: Actor, instanceId: string, disabled: boolean): Promise<Instance> {
    const id = parseId(instanceId, 'id');
    const found = await this.deps.em.findOne(Instance, { id });
    if (!found) throw new NotFoundError('Instance', id);
    await this.deps.authorizer.requireRole(actor.viewer, found.tenantId, 'ADMIN');
    return this.deps.em.fork().transactional(async (em) => {
      const instance = await em.findOneOrFail(Instance, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (instance.status === 'DELETED') throw new ConflictError('The instance is DELETED; nothing can be done with it.', { status: instance.status });
      if (instance.hibernationDisabled !== disabled) {
        instance.hibernationDisabled = disabled;
        this.audit(em, actor, instance, disabled ? 'instance.hibernation_disabled' : 'instance.hibernation_enabled');
      }
      return instance;
    });
  }

  /**
   * The tenant's entitlements, or undefined when billing cannot answer. Then the instance
   * keeps the limits it has (starting it matters more), and a backup is kept until deleted
   * otherwise: removing a customer's data cannot be undone, and a billing outage must not
   * shorten anyone's retention.
   */
  private async planNow(viewer: Viewer, tenantId: string): Promise<Entitlements | undefined> {
    try {
      return await this.deps.entitlements.of(viewer, tenantId);
    } catch {
      // The client has logged why billing did not answer.
      return undefined;
    }
  }

  /**
   * An operation the platform itself decides (reconciler repairs, billing suspension):
   * same rules and pipeline, no viewer, audited with a null actor.
   */
  async system(instanceId: string, type: CommandType): Promise<InstanceOperation> {
    return this.queue(instanceId, type, null);
  }

  private async queue(id: string, type: CommandType, actor: Actor | null, options: QueueOptions = {}): Promise<InstanceOperation> {
    const { restoreFrom, resources, retentionDays, hibernateAfterMinutes, copyFrom } = options;
    const { operation, messages } = await this.deps.em.fork().transactional(async (em) => {
      const instance = await em.findOneOrFail(Instance, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      // An operation in flight is the reason first: its transitional status (RESTARTING ...)
      // would otherwise show up as "not allowed from RESTARTING", depending on timing.
      const active = await em.findOne(InstanceOperation, { instanceId: id, status: { $in: [...ACTIVE_OPERATION_STATUSES] } });
      if (active) {
        throw new ConflictError(`The instance has a ${active.type} operation ${active.status}; one operation at a time.`, {
          status: instance.status,
          operationId: active.id,
        });
      }
      const refusal = refusalOf(type, instance.status);
      if (refusal) throw new ConflictError(refusal, { status: instance.status, operation: type });
      let operationBackupId: string | null = null;
      const jobExtras: JobExtras = {};
      const requestedAt = new Date();
      if (type === 'RESTORE') {
        const backup = restoreFrom ? await em.findOne(Backup, { id: restoreFrom, instanceId: id }) : null;
        if (!backup) throw new NotFoundError('Backup', restoreFrom);
        if (backup.status !== 'COMPLETED') throw new ConflictError(`Backup is ${backup.status}; only a COMPLETED backup can be restored.`);
        if (backup.verification === 'FAILED') {
          throw new ConflictError(`Backup FAILED its verification (${backup.verificationError ?? 'no reason recorded'}); it cannot be restored.`, { verification: 'FAILED' });
        }
        operationBackupId = backup.id;
        jobExtras.backupChecksum = backup.checksum;
      }
      if (type === 'BACKUP') {
        operationBackupId = randomUUID();
        jobExtras.retainUntil = backupExpiresAt(requestedAt, retentionDays);
      }
      if (copyFrom) jobExtras.copyFrom = copyFrom;
      if (resources) instance.resources = resources;
      if (hibernateAfterMinutes !== undefined) instance.hibernateAfterMinutes = hibernateAfterMinutes;
      const queued = this.queueOperation(em, instance, type, actor?.viewer.userId ?? null, operationBackupId, jobExtras);
      if (type === 'BACKUP' && operationBackupId) {
        em.persist(
          em.create(Backup, {
            id: operationBackupId,
            instanceId: id,
            tenantId: instance.tenantId,
            operationId: queued.id,
            status: 'PENDING',
            sizeBytes: null,
            checksum: null,
            location: null,
            createdAt: requestedAt,
            completedAt: null,
            expiresAt: jobExtras.retainUntil ?? null,
            kind: 'MANUAL',
            verification: 'PENDING',
            verifiedAt: null,
            verificationError: null,
            scheduledFor: null,
          }),
        );
      }
      this.audit(em, actor, instance, `instance.${type.toLowerCase()}`);
      return { operation: queued, messages: [operationProgressMessage(queued)] };
    });
    this.deps.afterCommit(messages);
    return operation;
  }

  /** The operation of an earlier request with the same idempotency key, if any. */
  private async replayed(request: CreateInstanceRequest, requestHash: string): Promise<InstanceOperation | null> {
    if (!request.idempotencyKey) return null;
    const em = this.deps.em.fork();
    const existing = await em.findOne(IdempotencyKey, { tenantId: request.tenantId, key: request.idempotencyKey });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw new ConflictError('This idempotency key was already used for a different request.', { field: 'input.idempotencyKey' });
    }
    return em.findOneOrFail(InstanceOperation, { id: existing.operationId });
  }

  private insertInstance(em: EntityManager, actor: Actor, { request, requestHash, limits, staging }: NewInstance) {
    const { secretsKey } = this.deps.settings;
    const now = new Date();
    const instance = em.create(Instance, {
      id: randomUUID(),
      tenantId: request.tenantId,
      name: request.name,
      subdomain: request.subdomain,
      odooVersion: request.odooVersion,
      modules: request.modules,
      status: 'PENDING',
      statusMessage: null,
      url: publicUrl(this.deps.settings, platformHost(this.deps.settings, request.subdomain)),
      directUrl: null,
      containerId: null,
      databaseName: null,
      resources: { cpuMillicores: limits.cpuMillicores, memoryMb: limits.memoryMb, storageGb: limits.storageGb },
      databasePasswordEncrypted: encryptSecret(randomPassword(), secretsKey),
      adminPasswordEncrypted: encryptSecret(randomPassword(), secretsKey),
      operationSeq: 0,
      statusSeq: 0,
      appliedOperationSeq: 0,
      appliedAttempt: 0,
      appliedStep: 0,
      suspendedByBilling: false,
      hibernateAfterMinutes: limits.hibernateAfterMinutes,
      hibernationDisabled: false,
      hibernatedMemoryBytes: null,
      stagingOfId: staging?.of.id ?? null,
      stagingExpiresAt: staging?.expiresAt ?? null,
      createdBy: actor.viewer.userId,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    });
    em.persist(instance);
    const operation = staging
      ? this.queueOperation(em, instance, 'STAGING', actor.viewer.userId, null, { copyFrom: staging.of.id })
      : this.queueOperation(em, instance, 'CREATE', actor.viewer.userId, null);
    const queuedMessage = staging ? `Queued: a staging copy of ${staging.of.name}` : 'Queued for provisioning';
    const statusMessage = changeStatus(em, instance, 'PENDING', queuedMessage, operation.id, now);
    if (request.idempotencyKey) {
      em.persist(
        em.create(IdempotencyKey, {
          tenantId: request.tenantId,
          key: request.idempotencyKey,
          requestHash,
          operationId: operation.id,
          createdAt: now,
        }),
      );
    }
    this.audit(em, actor, instance, staging ? 'instance.staging_create' : 'instance.create');
    return { operation, messages: [statusMessage, operationProgressMessage(operation)] };
  }

  private queueOperation(
    em: EntityManager,
    instance: Instance,
    type: OperationType,
    requestedBy: string | null,
    backupId: string | null,
    jobExtras: JobExtras = {},
  ): InstanceOperation {
    instance.operationSeq += 1;
    const operation = em.create(InstanceOperation, {
      id: randomUUID(),
      instanceId: instance.id,
      tenantId: instance.tenantId,
      seq: instance.operationSeq,
      type,
      status: 'QUEUED',
      progress: 0,
      message: 'Queued',
      error: null,
      attempts: 0,
      backupId,
      requestedBy,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
    });
    em.persist(operation);
    enqueueJob(em, instance, operation, jobExtras);
    return operation;
  }

  private audit(em: EntityManager, actor: Actor | null, instance: Instance, action: string): void {
    enqueueAuditEvent(em, {
      tenantId: instance.tenantId,
      actorUserId: actor?.viewer.userId ?? null,
      action,
      targetType: 'instance',
      targetId: instance.id,
      ip: actor?.ip ?? null,
      source: 'instance',
    });
  }
}

function hashRequest(request: CreateInstanceRequest & { stagingOf?: string }): string {
  const { idempotencyKey: _key, ...rest } = request;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}
