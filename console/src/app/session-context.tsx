import { ApolloProvider } from '@apollo/client/react';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { refreshOverHttp } from '../api/auth-request';
import { type Api, createApi } from '../api/client';
import { endpoint } from '../api/endpoint';
import { type AuthTokens, type Session, SessionStore } from '../api/session-store';

interface SessionContextValue {
  session: Session | null;
  store: SessionStore;
  signIn: (tokens: AuthTokens, userId: string) => void;
  /** Revokes the session on the server, then forgets it and everything cached. */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function withWebLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('saas.session.refresh', work) as Promise<T>) : work();
}

const LOG_OUT = `mutation LogOut($refreshToken: String) { logOut(refreshToken: $refreshToken) }`;

/**
 * The session and the API client that goes with it. Signing out (here or in another tab)
 * disposes the client — socket, pending requests, the whole cache — and starts a new one.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const store = useMemo(() => new SessionStore({ storage: window.localStorage, refresh: refreshOverHttp(endpoint), withLock: withWebLock }), []);
  const [session, setSession] = useState<Session | null>(store.current);
  const [api, setApi] = useState<Api>(() => createApi(endpoint, store));

  useEffect(() => {
    const unsubscribe = store.subscribe((current, reason) => {
      setSession(current);
      if (reason === 'signed-out') {
        setApi((previous) => {
          void previous.dispose();
          return createApi(endpoint, store);
        });
      }
    });
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key === 'saas.session') store.syncFromStorage();
    };
    window.addEventListener('storage', onStorage);
    return () => {
      unsubscribe();
      window.removeEventListener('storage', onStorage);
    };
  }, [store]);

  const signIn = useCallback((tokens: AuthTokens, userId: string) => void store.signIn(tokens, userId), [store]);
  const signOut = useCallback(async () => {
    const current = store.current;
    if (current) {
      // Best effort: the session is forgotten here even when the server cannot be reached.
      await fetch(endpoint.httpUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${current.accessToken}` },
        body: JSON.stringify({ query: LOG_OUT, variables: { refreshToken: current.refreshToken } }),
      }).catch(() => undefined);
    }
    store.signOut();
  }, [store]);

  const value = useMemo(() => ({ session, store, signIn, signOut }), [session, store, signIn, signOut]);
  return (
    <SessionContext.Provider value={value}>
      <ApolloProvider client={api.client}>{children}</ApolloProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
