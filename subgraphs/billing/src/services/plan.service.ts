import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { ConflictError, ForbiddenError, NotFoundError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { parsePlanInput, type PlanRules } from '../domain/plan-input';
import { Plan, TRIAL_PLAN_CODE } from '../entities/plan.entity';

/** The price list, managed by platform staff only (the `staff` claim of the access token). */
export class PlanService {
  constructor(
    private readonly em: EntityManager,
    private readonly rules: PlanRules,
    private readonly logger: Logger,
  ) {}

  async create(viewer: Viewer, input: Record<string, unknown>): Promise<Plan> {
    requireStaff(viewer);
    const definition = parsePlanInput(input, this.rules);
    if (await this.em.findOne(Plan, { code: definition.code })) throw planExists(definition.code);
    const now = new Date();
    const plan = this.em.create(Plan, { ...definition, active: true, createdAt: now, updatedAt: now });
    try {
      await this.em.persist(plan).flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw planExists(definition.code);
      throw error;
    }
    this.logger.info({ plan: plan.code, staffUserId: viewer.userId }, 'plan created');
    return plan;
  }

  /**
   * Existing subscriptions see the new limits at once, and the new price on every invoice not
   * yet issued (the current period included: invoices price a period when it is closed).
   */
  async update(viewer: Viewer, input: Record<string, unknown>): Promise<Plan> {
    requireStaff(viewer);
    const definition = parsePlanInput(input, this.rules);
    const plan = await this.em.findOne(Plan, { code: definition.code });
    if (!plan) throw new NotFoundError('Plan', definition.code);
    this.em.assign(plan, definition);
    await this.em.flush();
    this.logger.info({ plan: plan.code, staffUserId: viewer.userId }, 'plan updated');
    return plan;
  }

  /** No new subscriptions; subscribed tenants keep it. Idempotent. */
  async archive(viewer: Viewer, code: string): Promise<Plan> {
    requireStaff(viewer);
    const plan = await this.em.findOne(Plan, { code });
    if (!plan) throw new NotFoundError('Plan', code);
    if (plan.code === TRIAL_PLAN_CODE) throw new ConflictError('Every new tenant starts on the trial plan; it cannot be archived.', { plan: code });
    if (plan.active) {
      plan.active = false;
      await this.em.flush();
      this.logger.info({ plan: plan.code, staffUserId: viewer.userId }, 'plan archived');
    }
    return plan;
  }
}

export function requireStaff(viewer: Viewer): void {
  if (!viewer.staff) throw new ForbiddenError('Only platform staff can do this.');
}

function planExists(code: string): ConflictError {
  return new ConflictError(`A plan with code "${code}" exists already.`, { field: 'input.code' });
}
