import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { Session } from '../api/types';
import type { LiveFeed } from '../live/live-feed';

/** What every page may use: the API client, the signed-in session and the live feed. */
export interface AppServices {
  api: ApiClient;
  live: LiveFeed;
  session: Session | undefined;
  setSession: (session: Session | undefined) => void;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside <AppContext.Provider>');
  return services;
}

export function isAdmin(session: Session | undefined): boolean {
  return session?.role === 'admin';
}
