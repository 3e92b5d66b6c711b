import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, api, onUnauthorized, setCsrfToken } from '../api/client';
import type { CurrentUser, LoginResult, SessionResult } from '../api/types';

/** The signed-in user, shared by the console and the phone pages. */
export interface AuthValue {
  /** `loading` until `/auth/session` answered; `error` when the server could not be reached. */
  status: 'loading' | 'ready' | 'error';
  user: CurrentUser | null;
  demo: boolean;
  /** Set when the session ended by itself (a 401 during work), so the login page can say why. */
  expired: boolean;
  can: (permission: string) => boolean;
  login: (username: string, password: string) => Promise<CurrentUser>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthValue['status']>('loading');
  const [user, setUser] = useState<CurrentUser | null>(null);
  const [demo, setDemo] = useState(false);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      // the session probe answers 200 with no user when signed out: a 401 here would be logged by the
      // browser as a console error on every signed-out page load
      const me = await api.get<SessionResult>('/auth/session', undefined, { quiet401: true });
      setCsrfToken(me.csrfToken);
      setUser(me.user);
      setDemo(Boolean(me.demo));
      setStatus('ready');
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setUser(null);
        setStatus('ready');
      } else {
        setStatus('error');
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A 401 in the middle of work means the session ended: say so on the login page.
  const signedIn = useRef(false);
  signedIn.current = user !== null;
  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken(null);
      if (signedIn.current) setExpired(true);
      setUser(null);
    });
    return () => onUnauthorized(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const result = await api.post<LoginResult>('/auth/login', { username, password }, { quiet401: true });
    setCsrfToken(result.csrfToken);
    setUser(result.user);
    setExpired(false);
    setStatus('ready');
    return result.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout', {}, { quiet401: true });
    } catch {
      // The session is gone either way; the login page follows.
    }
    setCsrfToken(null);
    setUser(null);
    setExpired(false);
  }, []);

  const value = useMemo<AuthValue>(() => {
    const granted = new Set(user?.permissions ?? []);
    return {
      status,
      user,
      demo,
      expired,
      can: (permission: string) => granted.has(permission),
      login,
      logout,
      refresh,
    };
  }, [status, user, demo, expired, login, logout, refresh]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user inside pages that are only rendered behind the login guard. */
export function useUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser needs a signed-in user');
  return user;
}
