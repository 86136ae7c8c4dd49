import { INSTANCE_LOG_RECENT_LINES, type InstanceLogEntry } from '@saas/contracts';
import type { RedisClient, RedisKeys } from '@saas/redis';

/**
 * One line into the instance's log: numbered (INCR), appended to its recent lines (trimmed
 * to the largest tail) and, unless it is history loaded when a follower starts, published to
 * its channel, atomically, so a gateway that subscribed before reading the list can tell the
 * lines it already has by their number.
 */
const APPEND = `
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], 86400)
local entry = '{"n":' .. n .. ',' .. string.sub(ARGV[1], 2)
redis.call('RPUSH', KEYS[2], entry)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[2], 3600)
if ARGV[2] == '1' then redis.call('PUBLISH', KEYS[3], entry) end
return n`;

/** Sets the lock's expiry only while `ARGV[1]` still holds it (another worker may have taken it over). */
const RENEW = `
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, string.len(ARGV[1])) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

const RELEASE = `
local value = redis.call('GET', KEYS[1])
if value and string.sub(value, 1, string.len(ARGV[1])) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export type LogLine = Omit<InstanceLogEntry, 'n'>;

/** The Redis side of live logs, as the worker uses it. */
export class LogStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async append(instanceId: string, line: LogLine, publish: boolean): Promise<void> {
    // `n` is put first by the script; the rest is this JSON without its opening brace.
    await this.redis.eval(APPEND, {
      keys: [this.keys.instanceLogSequence(instanceId), this.keys.instanceLogRecent(instanceId), this.keys.instanceLogChannel(instanceId)],
      arguments: [JSON.stringify({ at: line.at, stream: line.stream, line: line.line }), publish ? '1' : '0', String(INSTANCE_LOG_RECENT_LINES)],
    });
  }

  /** A new follower session starts from the container's own log: the old list goes. */
  async resetRecent(instanceId: string): Promise<void> {
    await this.redis.del(this.keys.instanceLogRecent(instanceId));
  }

  /** Instances some gateway has a viewer for (expired interest removed first). */
  async watched(now = Date.now()): Promise<Set<string>> {
    await this.redis.zRemRangeByScore(this.keys.instanceLogWatchers, '-inf', now);
    const members = await this.redis.zRange(this.keys.instanceLogWatchers, 0, -1);
    return new Set(members.map((member) => member.split('|')[0] ?? '').filter(Boolean));
  }

  /** Takes the instance's follower lock for `workerId` unless another worker holds it. */
  async lock(instanceId: string, workerId: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.instanceLogFollower(instanceId), `${workerId}:loading`, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK';
  }

  /** Renews the lock, with its state (`loading` until the recent lines are in the list). */
  async renew(instanceId: string, workerId: string, state: 'loading' | 'ready', ttlMs: number): Promise<boolean> {
    const renewed = await this.redis.eval(RENEW, { keys: [this.keys.instanceLogFollower(instanceId)], arguments: [`${workerId}:`, `${workerId}:${state}`, String(ttlMs)] });
    return renewed === 1;
  }

  async release(instanceId: string, workerId: string): Promise<void> {
    await this.redis.eval(RELEASE, { keys: [this.keys.instanceLogFollower(instanceId)], arguments: [`${workerId}:`] });
  }

  /** Whether some worker follows the instance now (then its platform lines are wanted). */
  async followed(instanceId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.instanceLogFollower(instanceId))) === 1;
  }
}
