import { randomUUID } from 'node:crypto';
import { INSTANCE_LOG_RECENT_LINES } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import type Docker from 'dockerode';
import { inspectContainer } from '../docker/containers';
import { instanceNames } from '../instance-names';
import { LogFollower } from './log-follower';
import type { LogStore } from './log-store';
import { maskSecrets } from './mask-secrets';

export interface LogFollowersConfig {
  docker: Docker;
  store: LogStore;
  /** SAAS_ENV: only containers of this environment are followed. */
  environment: string;
  linesPerSecond: number;
  /** How often viewers' interest is read (and the locks renewed). */
  pollMs: number;
  logger: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The worker's side of live logs. Gateways record which instances have viewers (Redis); this
 * follows the log of each watched instance whose container runs on this worker's engine, one
 * follower per instance across all workers (a Redis lock), and stops a follower within a
 * poll of its last viewer leaving (or of the gateway's interest expiring, if it died).
 */
export class LogFollowers {
  private readonly followers = new Map<string, { follower: LogFollower; ready: boolean }>();
  private readonly workerId = `worker-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private openStreams = 0;
  private readonly lockTtlMs: number;

  constructor(private readonly config: LogFollowersConfig) {
    this.lockTtlMs = Math.max(5_000, config.pollMs * 5);
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((error: unknown) => this.config.logger.warn({ err: error }, 'live log followers: poll failed'))
        .finally(() => {
          this.ticking = undefined;
        });
    }, this.config.pollMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
    await Promise.all([...this.followers.keys()].map((instanceId) => this.end(instanceId)));
  }

  /** Followers running here, and the engine log streams they hold open (metrics, tests). */
  get stats(): { followers: number; streams: number } {
    return { followers: this.followers.size, streams: this.openStreams };
  }

  /**
   * A platform line (an operation's step) into the instance's log, when someone watches it;
   * never throws (a job does not fail because a log line could not be written).
   */
  async platformLine(instanceId: string, line: string): Promise<void> {
    try {
      if (!this.followers.has(instanceId) && !(await this.config.store.followed(instanceId))) return;
      await this.config.store.append(instanceId, { at: new Date().toISOString(), stream: 'platform', line: maskSecrets(line) }, true);
    } catch (error) {
      this.config.logger.debug({ err: error, instanceId }, 'platform log line not written');
    }
  }

  private async tick(): Promise<void> {
    const { store } = this.config;
    const watched = await store.watched();
    for (const [instanceId, entry] of this.followers) {
      if (!watched.has(instanceId)) {
        await this.end(instanceId);
        continue;
      }
      if (!(await store.renew(instanceId, this.workerId, entry.ready ? 'ready' : 'loading', this.lockTtlMs))) {
        this.config.logger.warn({ instanceId }, 'live log follower lock lost; stopping this follower');
        await this.end(instanceId, false);
      }
    }
    for (const instanceId of watched) {
      if (this.followers.has(instanceId) || !UUID.test(instanceId)) continue;
      if (!(await this.runsHere(instanceId))) continue;
      if (!(await store.lock(instanceId, this.workerId, this.lockTtlMs))) continue;
      this.begin(instanceId);
    }
  }

  private async runsHere(instanceId: string): Promise<boolean> {
    const info = await inspectContainer(this.config.docker, instanceNames(instanceId).container);
    return info?.Config.Labels?.['saas.env'] === this.config.environment;
  }

  private begin(instanceId: string): void {
    const follower = new LogFollower(instanceId, {
      docker: this.config.docker,
      store: this.config.store,
      container: instanceNames(instanceId).container,
      linesPerSecond: this.config.linesPerSecond,
      historyLines: INSTANCE_LOG_RECENT_LINES,
      streams: {
        opened: () => {
          this.openStreams += 1;
        },
        closed: () => {
          this.openStreams -= 1;
        },
      },
      logger: this.config.logger,
    });
    const entry = { follower, ready: false };
    this.followers.set(instanceId, entry);
    this.config.logger.info({ instanceId }, 'live log follower started');
    void follower
      .start()
      .then(async () => {
        entry.ready = true;
        await this.config.store.renew(instanceId, this.workerId, 'ready', this.lockTtlMs);
      })
      .catch(async (error: unknown) => {
        this.config.logger.warn({ err: error, instanceId }, 'live log follower could not start');
        await this.end(instanceId);
      });
  }

  private async end(instanceId: string, release = true): Promise<void> {
    const entry = this.followers.get(instanceId);
    if (!entry) return;
    this.followers.delete(instanceId);
    await entry.follower.stop();
    if (release) await this.config.store.release(instanceId, this.workerId).catch(() => undefined);
    this.config.logger.info({ instanceId }, 'live log follower stopped');
  }
}
