import { useEffect, useRef, useState } from 'preact/hooks';
import { concerns, type Interest } from '../live/live-feed';
import { useApp } from './context';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Live changes often come in bursts (a pipeline reports several stages at once): one refetch each. */
const LIVE_DEBOUNCE_MS = 400;

/**
 * Loads data for a page and keeps it current: refetched when `key` changes (a new URL: the old
 * data is dropped), and when the live feed reports a change the page's `interest` covers (the
 * data stays on screen while the new one loads, so nothing flickers). A stale answer never
 * overwrites a newer one: each load aborts the one before.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>, interest?: Interest): Resource<T> {
  const { live } = useApp();
  const [state, setState] = useState<{ key: string; data: T | undefined; error: unknown; loading: boolean }>({ key, data: undefined, error: undefined, loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const controllerRef = useRef<AbortController | undefined>(undefined);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setState((previous) => (previous.key === key ? { ...previous, loading: true } : { key, data: undefined, error: undefined, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const interestKey = interest ? JSON.stringify(interest) : '';
  useEffect(() => {
    if (!interest) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = live.subscribe((change) => {
      if (!concerns(change, interest)) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => setGeneration((value) => value + 1), LIVE_DEBOUNCE_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [live, interestKey]);

  const current = state.key === key ? state : { data: undefined, error: undefined, loading: true };
  return { data: current.data, error: current.error, loading: current.loading, reload: () => setGeneration((value) => value + 1) };
}
