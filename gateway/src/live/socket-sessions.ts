import type { WebSocket } from 'ws';
import { CloseCode } from './connection-auth';

/**
 * Open sockets by session: a revoked session's sockets are closed at once (4401, final), and
 * each socket closes when its access token expires with 4419, which stock clients retry: they
 * reconnect, get a fresh token from their `connectionParams` function and subscribe again.
 */
export class SocketSessions {
  private readonly sockets = new Map<string, Set<WebSocket>>();

  add(sessionId: string, socket: WebSocket, expiresAtSeconds: number): void {
    let set = this.sockets.get(sessionId);
    if (!set) {
      set = new Set();
      this.sockets.set(sessionId, set);
    }
    set.add(socket);
    const timer = setTimeout(() => socket.close(CloseCode.TokenExpired, 'Token expired'), Math.max(0, expiresAtSeconds * 1000 - Date.now()));
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      set.delete(socket);
      if (set.size === 0) this.sockets.delete(sessionId);
    });
  }

  revoke(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) {
      for (const socket of this.sockets.get(sessionId) ?? []) socket.close(CloseCode.Unauthorized, 'Session revoked');
    }
  }

  get count(): number {
    let total = 0;
    for (const set of this.sockets.values()) total += set.size;
    return total;
  }
}
