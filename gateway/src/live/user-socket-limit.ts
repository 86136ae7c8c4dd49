import type { WebSocket } from 'ws';

/** Close code of a socket refused because its user has too many open (4429, as graphql-ws' "too many"). */
export const TOO_MANY_SOCKETS_CLOSE_CODE = 4429;

/** Open graphql-ws sockets a user may hold at once (MAX_SOCKETS_PER_USER). */
export const DEFAULT_MAX_SOCKETS_PER_USER = 20;

/**
 * Authenticated sockets by user: a user over the cap is refused at `connection_init`
 * (a browser tab holds one socket for all its subscriptions, so 20 is many tabs).
 */
export class UserSocketLimit {
  private readonly sockets = new Map<string, Set<WebSocket>>();

  constructor(readonly maxPerUser: number = DEFAULT_MAX_SOCKETS_PER_USER) {}

  /** Counts the socket for the user unless that would exceed the cap; it is uncounted when it closes. */
  admit(userId: string, socket: WebSocket): boolean {
    const set = this.sockets.get(userId) ?? new Set<WebSocket>();
    if (set.has(socket)) return true;
    if (set.size >= this.maxPerUser) return false;
    set.add(socket);
    this.sockets.set(userId, set);
    socket.once('close', () => {
      set.delete(socket);
      if (set.size === 0 && this.sockets.get(userId) === set) this.sockets.delete(userId);
    });
    return true;
  }

  openBy(userId: string): number {
    return this.sockets.get(userId)?.size ?? 0;
  }
}
