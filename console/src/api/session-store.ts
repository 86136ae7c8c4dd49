/** The tokens of a signed-in browser, as `signUp`, `logIn` and `refreshSession` return them. */
export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** ISO 8601, when the access token expires. */
  expiresAt: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms, when this access token was obtained (its lifetime decides when to refresh). */
  obtainedAt: number;
}

export type RefreshResult = { ok: true; tokens: AuthTokens } | { ok: false; reason: 'rejected' | 'unreachable' };

export interface SessionStoreOptions {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Exchanges a refresh token for new tokens (rotating: the old one is used up). */
  refresh: (refreshToken: string) => Promise<RefreshResult>;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** Serialises refreshes across the browser's tabs (Web Locks); in-process when absent. */
  withLock?: <T>(work: () => Promise<T>) => Promise<T>;
}

const STORAGE_KEY = 'saas.session';
/** Refresh a minute before expiry, or after three quarters of a short lifetime. */
const MAX_MARGIN_MS = 60_000;

/** When a token obtained at `obtainedAt` and expiring at `expiresAt` should be refreshed. */
export function refreshDueAt(session: Pick<Session, 'expiresAt' | 'obtainedAt'>): number {
  const lifetime = Math.max(0, session.expiresAt - session.obtainedAt);
  return session.expiresAt - Math.min(MAX_MARGIN_MS, lifetime / 4);
}

type Listener = (session: Session | null, reason: 'signed-in' | 'refreshed' | 'signed-out') => void;

/**
 * The session of this browser: kept in localStorage (so tabs share it), refreshed before the
 * access token expires (a timer, and on demand), single-flight, and across tabs under a lock:
 * a refresh token rotates on every use and a reused one revokes the session, so only one tab
 * may spend it, and the others adopt the result.
 */
export class SessionStore {
  private session: Session | null;
  private readonly listeners = new Set<Listener>();
  private timer: unknown;
  private inFlight: Promise<string | null> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SessionStoreOptions) {
    this.now = options.now ?? Date.now;
    this.session = this.read();
    this.schedule();
  }

  get current(): Session | null {
    return this.session;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signIn(tokens: AuthTokens, userId: string): Session {
    return this.adopt(toSession(tokens, userId, this.now()), 'signed-in');
  }

  /** Forgets the session here and in every tab (the caller revokes it on the server first). */
  signOut(): void {
    this.session = null;
    this.options.storage.removeItem(STORAGE_KEY);
    this.cancelTimer();
    this.emit(null, 'signed-out');
  }

  /** Another tab changed the session (the `storage` event): follow it. */
  syncFromStorage(): void {
    const stored = this.read();
    if (!stored) {
      if (this.session) {
        this.session = null;
        this.cancelTimer();
        this.emit(null, 'signed-out');
      }
      return;
    }
    if (stored.accessToken === this.session?.accessToken) return;
    const reason = this.session?.userId === stored.userId ? 'refreshed' : 'signed-in';
    this.session = stored;
    this.schedule();
    this.emit(stored, reason);
  }

  /** An access token valid for a while yet, refreshing first when it is due; null when signed out. */
  async accessToken(): Promise<string | null> {
    const session = this.session;
    if (!session) return null;
    if (this.now() < refreshDueAt(session)) return session.accessToken;
    return this.refreshNow();
  }

  /** Refreshes now (single-flight); null when the session is gone. */
  refreshNow(): Promise<string | null> {
    this.inFlight ??= this.lock(() => this.doRefresh()).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async doRefresh(): Promise<string | null> {
    // Another tab may have refreshed while this one waited for the lock.
    const stored = this.read();
    if (!stored) {
      if (this.session) this.signOut();
      return null;
    }
    if (stored.accessToken !== this.session?.accessToken) {
      this.syncFromStorage();
      if (this.now() < refreshDueAt(stored)) return stored.accessToken;
    }
    const result = await this.options.refresh(stored.refreshToken);
    if (!result.ok) {
      // Rejected: the session was revoked or the token reused; unreachable: try again later.
      if (result.reason === 'rejected') this.signOut();
      else this.schedule(5_000);
      return result.reason === 'rejected' ? null : stored.expiresAt > this.now() ? stored.accessToken : null;
    }
    return this.adopt(toSession(result.tokens, stored.userId, this.now()), 'refreshed').accessToken;
  }

  private adopt(session: Session, reason: 'signed-in' | 'refreshed'): Session {
    this.session = session;
    this.options.storage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.schedule();
    this.emit(session, reason);
    return session;
  }

  private schedule(retryInMs?: number): void {
    this.cancelTimer();
    const session = this.session;
    if (!session) return;
    const setTimer = this.options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
    const delay = retryInMs ?? Math.max(0, refreshDueAt(session) - this.now());
    this.timer = setTimer(() => void this.refreshNow(), delay);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    (this.options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = undefined;
  }

  private lock<T>(work: () => Promise<T>): Promise<T> {
    return this.options.withLock ? this.options.withLock(work) : work();
  }

  private emit(session: Session | null, reason: 'signed-in' | 'refreshed' | 'signed-out'): void {
    for (const listener of this.listeners) listener(session, reason);
  }

  private read(): Session | null {
    const raw = this.options.storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<Session>;
      const valid =
        typeof parsed.accessToken === 'string' &&
        typeof parsed.refreshToken === 'string' &&
        typeof parsed.userId === 'string' &&
        typeof parsed.expiresAt === 'number' &&
        typeof parsed.obtainedAt === 'number';
      return valid ? (parsed as Session) : null;
    } catch {
      return null;
    }
  }
}

function toSession(tokens: AuthTokens, userId: string, now: number): Session {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, userId, expiresAt: Date.parse(tokens.expiresAt), obtainedAt: now };
}
