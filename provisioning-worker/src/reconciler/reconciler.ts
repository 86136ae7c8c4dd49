import type { Logger } from '@saas/logger';
import type Docker from 'dockerode';
import type { EventPublisher } from '../consumer/event-publisher';
import { Labels } from '../docker/container-spec';
import type { BackupExpiry, RemovedBackup } from './backup-expiry';
import { toObservation } from './observe';

/**
 * Every interval: one `ObservationEvent` with the state of every instance container of this
 * environment (label `saas.env`), empty list included, so the instance subgraph also sees
 * containers that vanished, and where each running one answers now (its port changes with
 * every restart); and the backups whose retention ended, removed from disk.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly docker: Docker,
    private readonly events: EventPublisher,
    private readonly environment: string,
    /** The Odoo network: a container's address there when it publishes no port. */
    private readonly network: string,
    private readonly intervalMs: number,
    private readonly backups: BackupExpiry,
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
      const observations = containers.flatMap((container) => toObservation(container, this.network) ?? []);
      const expired = await this.sweepBackups();
      await this.events.observation(
        this.environment,
        observations,
        expired.map(({ instanceId, backupId }) => ({ instanceId, backupId })),
      );
      await this.backups.reported(expired);
      if (this.failing) this.logger.info('reconciler recovered');
      this.failing = false;
      const notRunning = observations.filter((observation) => observation.action === 'reported');
      if (notRunning.length > 0) this.logger.info({ containers: notRunning.length }, 'reported containers that are not running');
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'reconciler round failed');
      this.failing = true;
    }
  }

  /** A full disk or an unreadable directory must not stop the container snapshot. */
  private async sweepBackups(): Promise<RemovedBackup[]> {
    try {
      return await this.backups.sweep();
    } catch (error) {
      this.logger.warn({ err: error }, 'expired backups not swept this round');
      return [];
    }
  }
}
