import { describe, expect, it, vi } from 'vitest';
import { type AuthTokens, type RefreshResult, refreshDueAt, SessionStore } from './session-store';

class MemoryStorage {
  readonly values = new Map<string, string>();
  getItem = (key: string) => this.values.get(key) ?? null;
  setItem = (key: string, value: string) => void this.values.set(key, value);
  removeItem = (key: string) => void this.values.delete(key);
}

function tokens(n: number, now: number, lifetimeMs = 15 * 60_000): AuthTokens {
  return { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt: new Date(now + lifetimeMs).toISOString() };
}

function setup(refresh: (token: string) => Promise<RefreshResult>) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const timers: Array<{ at: number; callback: () => void }> = [];
  const storage = new MemoryStorage();
  const options = {
    storage,
    refresh,
    now: () => now,
    setTimer: (callback: () => void, ms: number) => {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer: unknown) => void timers.splice(timers.indexOf(timer as (typeof timers)[number]), 1),
  };
  const store = new SessionStore(options);
  return { store, storage, options, timers, advance: (ms: number) => (now += ms), now: () => now };
}

describe('the session store', () => {
  it('refreshes a minute before expiry, or at three quarters of a short lifetime', () => {
    expect(refreshDueAt({ obtainedAt: 0, expiresAt: 15 * 60_000 })).toBe(14 * 60_000);
    expect(refreshDueAt({ obtainedAt: 0, expiresAt: 40_000 })).toBe(30_000);
  });

  it('hands out the current token until it is due, then exchanges the refresh token once', async () => {
    let n = 1;
    const refresh = vi.fn(async () => ({ ok: true as const, tokens: tokens(++n, t.now()) }));
    const t = setup(refresh);
    t.store.signIn(tokens(1, t.now()), 'user-1');
    expect(await t.store.accessToken()).toBe('access-1');
    expect(t.timers.map((timer) => timer.at - t.now())).toEqual([14 * 60_000]);

    t.advance(14 * 60_000 + 1);
    const [a, b] = await Promise.all([t.store.accessToken(), t.store.accessToken()]);
    expect([a, b]).toEqual(['access-2', 'access-2']);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh).toHaveBeenCalledWith('refresh-1');
    expect(JSON.parse(t.storage.getItem('saas.session') ?? '{}').refreshToken).toBe('refresh-2');
  });

  it('refreshes from its timer and tells listeners, so sockets can reconnect with the new token', async () => {
    const t = setup(async () => ({ ok: true, tokens: tokens(2, t.now()) }));
    const seen: string[] = [];
    t.store.subscribe((session, reason) => seen.push(`${reason}:${session?.accessToken ?? ''}`));
    t.store.signIn(tokens(1, t.now()), 'user-1');
    t.advance(14 * 60_000);
    t.timers[0]?.callback();
    await vi.waitFor(() => expect(seen).toEqual(['signed-in:access-1', 'refreshed:access-2']));
  });

  it('signs out when the server rejects the refresh token, and retries later when unreachable', async () => {
    const results: RefreshResult[] = [{ ok: false, reason: 'unreachable' }, { ok: false, reason: 'rejected' }];
    const t = setup(async () => results.shift() ?? { ok: false, reason: 'rejected' });
    t.store.signIn(tokens(1, t.now()), 'user-1');
    t.advance(14 * 60_000 + 1);
    expect(await t.store.accessToken()).toBe('access-1');
    expect(t.store.current).not.toBeNull();
    expect(await t.store.refreshNow()).toBeNull();
    expect(t.store.current).toBeNull();
    expect(t.storage.getItem('saas.session')).toBeNull();
  });

  it('adopts a refresh another tab made instead of spending the used refresh token again', async () => {
    const refresh = vi.fn(async () => ({ ok: true as const, tokens: tokens(9, t.now()) }));
    const t = setup(refresh);
    t.store.signIn(tokens(1, t.now()), 'user-1');
    // The other tab rotated the tokens and wrote them to the shared storage.
    t.storage.setItem('saas.session', JSON.stringify({ accessToken: 'access-2', refreshToken: 'refresh-2', userId: 'user-1', expiresAt: t.now() + 15 * 60_000, obtainedAt: t.now() }));
    expect(await t.store.refreshNow()).toBe('access-2');
    expect(refresh).not.toHaveBeenCalled();
  });

  it('follows a sign-out in another tab and forgets everything on sign-out', () => {
    const t = setup(async () => ({ ok: false, reason: 'rejected' }));
    const reasons: string[] = [];
    t.store.subscribe((_session, reason) => reasons.push(reason));
    t.store.signIn(tokens(1, t.now()), 'user-1');
    t.storage.removeItem('saas.session');
    t.store.syncFromStorage();
    expect(t.store.current).toBeNull();
    expect(t.timers).toEqual([]);
    expect(reasons).toEqual(['signed-in', 'signed-out']);
  });

  it('starts from what the storage holds (a reload keeps the session)', () => {
    const t = setup(async () => ({ ok: false, reason: 'rejected' }));
    t.store.signIn(tokens(1, t.now()), 'user-1');
    const reloaded = new SessionStore(t.options);
    expect(reloaded.current?.accessToken).toBe('access-1');
    t.storage.setItem('saas.session', '{not json');
    expect(new SessionStore(t.options).current).toBeNull();
  });
});
