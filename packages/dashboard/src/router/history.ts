import { useEffect, useState } from 'preact/hooks';

export interface Location {
  pathname: string;
  search: string;
}

type Listener = (location: Location) => void;
const listeners = new Set<Listener>();

function current(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

function notify(): void {
  const location = current();
  for (const listener of listeners) listener(location);
}

/** Goes to a dashboard URL without a reload; `replace` keeps the back button's history as it was. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const before = window.location.pathname + window.location.search;
  const samePage = new URL(to, window.location.href).pathname === window.location.pathname;
  if (options.replace) window.history.replaceState(null, '', to);
  else if (to !== before) window.history.pushState(null, '', to);
  // A new view starts at its top; a new query on the same view (a month, a page) stays put.
  if (!samePage) window.scrollTo(0, 0);
  notify();
}

/** Starts following the back and forward buttons; call once. */
export function listenToHistory(): () => void {
  window.addEventListener('popstate', notify);
  return () => window.removeEventListener('popstate', notify);
}

/** The current location, re-rendering the caller when it changes. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    listeners.add(setLocation);
    setLocation(current());
    return () => {
      listeners.delete(setLocation);
    };
  }, []);
  return location;
}

/**
 * Whether a click on a link is ours to handle in-page: a plain left click on a same-window link.
 * Ctrl/Cmd/Shift/Alt clicks, middle clicks and `target` links keep the browser's own behaviour.
 */
export function isPlainClick(event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; defaultPrevented: boolean }, target: string | null): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  return !target || target === '_self';
}
