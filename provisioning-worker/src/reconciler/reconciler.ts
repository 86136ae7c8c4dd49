import type { Logger } from '@saas/logger';
import type Docker from 'dockerode';
import type { EventPublisher } from '../consumer/event-publisher';
import { Labels } from '../docker/container-spec';
import { toObservation } from './observe';

/**
 * Every interval: one `ObservationEvent` with the state of every instance container of this
 * environment (label `saas.env`), empty list included, so the instance subgraph also sees
 * containers that vanished.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly docker: Docker,
    private readonly events: EventPublisher,
    private readonly environment: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // A slow engine must not pile up rounds.
      if (!this.round) this.round = this.reconcileOnce().finally(() => (this.round = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }

  async reconcileOnce(): Promise<void> {
    try {
      const containers = await this.docker.listContainers({
        all: true,
        filters: { label: [`${Labels.env}=${this.environment}`, `${Labels.role}=odoo`] },
      });
      const observations = containers.flatMap((container) => toObservation(container) ?? []);
      await this.events.observation(this.environment, observations);
      if (this.failing) this.logger.info('reconciler recovered');
      this.failing = false;
      const notRunning = observations.filter((observation) => observation.action === 'reported');
      if (notRunning.length > 0) this.logger.info({ containers: notRunning.length }, 'reported containers that are not running');
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'reconciler round failed');
      this.failing = true;
    }
  }
}
