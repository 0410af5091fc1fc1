import { createContext, useContext } from 'react';
import { Api, type Me } from './api.ts';

/** The signed-in key lives in sessionStorage: gone when the tab closes, never in a cookie. */
const STORAGE = 'attune.key';

export interface Session {
  api: Api;
  me: Me;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const storedKey = () => sessionStorage.getItem(STORAGE);
export const storeKey = (key: string) => sessionStorage.setItem(STORAGE, key);
export const forgetKey = () => sessionStorage.removeItem(STORAGE);

/**
 * A key handed over in the URL fragment (`#key=...`, as `npm run demo` prints it) is moved to
 * sessionStorage and wiped from the address bar; the fragment is never sent to the server.
 */
export function takeKeyFromFragment(): void {
  const match = /^#key=([A-Za-z0-9_\-.]+)$/.exec(window.location.hash);
  if (!match) return;
  storeKey(match[1]!);
  history.replaceState(null, '', `${window.location.pathname}#/`);
}

/** What each role may open; the API enforces it, the menu just does not offer the rest. */
export function canReview(me: Me): boolean {
  return me.role !== 'agent';
}
