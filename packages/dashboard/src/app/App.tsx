import type { JSX } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import { sessionApi } from '../api/endpoints';
import { ApiError } from '../api/problem';
import type { Session } from '../api/types';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import type { LiveFeed } from '../live/live-feed';
import { AlertsPage } from '../pages/AlertsPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OverviewPage } from '../pages/OverviewPage';
import { SequencePage } from '../pages/SequencePage';
import { SignInPage } from '../pages/SignInPage';
import { SlotPage } from '../pages/SlotPage';
import { SubmissionPage } from '../pages/SubmissionPage';
import { navigate, useLocation } from '../router/history';
import { href, parseRoute, type Route } from '../router/routes';
import { AppContext, type AppServices } from './context';
import { applyTheme, otherTheme, readStoredTheme, resolveTheme, storeTheme, type Theme } from './theme';
import { TopBar } from './TopBar';

function currentPath(): string {
  return window.location.pathname + window.location.search;
}

function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => resolveTheme(readStoredTheme(window.localStorage), window.matchMedia('(prefers-color-scheme: dark)').matches));
  useEffect(() => applyTheme(document.documentElement, theme), [theme]);
  useEffect(() => {
    // Follow the system's setting live, until the viewer picks a theme themselves.
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => {
      if (!readStoredTheme(window.localStorage)) setTheme(query.matches ? 'dark' : 'light');
    };
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  const toggle = useCallback(() => {
    setTheme((value) => {
      const next = otherTheme(value);
      storeTheme(window.localStorage, next);
      return next;
    });
  }, []);
  return [theme, toggle];
}

/** The page a route shows; every view has its own URL, so this is all the routing there is. */
function RoutePage({ route }: { route: Route }) {
  switch (route.name) {
    case 'overview':
      return <OverviewPage query={route.query} />;
    case 'sequence':
      return <SequencePage sequenceId={route.sequenceId} query={route.query} />;
    case 'slot':
      return <SlotPage slotId={route.slotId} />;
    case 'submission':
      return <SubmissionPage slotId={route.slotId} submissionId={route.submissionId} />;
    case 'alerts':
      return <AlertsPage query={route.query} />;
    case 'signIn':
      return <SignInPage next={route.next} />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}

function sectionOf(route: Route): 'estate' | 'alerts' | 'other' {
  if (route.name === 'alerts') return 'alerts';
  if (route.name === 'overview' || route.name === 'sequence' || route.name === 'slot' || route.name === 'submission') return 'estate';
  return 'other';
}

/**
 * The dashboard: checks for a session (the cookie is HttpOnly, so only the server knows) while the page loads,
 * sends the viewer to sign in on any 401 with the way back, and runs the live feed while signed in.
 */
export function App({ api, live }: { api: ApiClient; live: LiveFeed }) {
  const location = useLocation();
  const route = parseRoute(location.pathname, location.search);
  const [session, setSessionState] = useState<Session | undefined>(undefined);
  // Set once a sign-in succeeds, so a session probe that was already under way (answered 401
  // before the cookie existed) cannot send the viewer back to the sign-in page.
  const signedIn = useRef(false);
  const setSession = useCallback((next: Session | undefined) => {
    signedIn.current = next !== undefined;
    setSessionState(next);
  }, []);
  const [checked, setChecked] = useState(false);
  const [probeError, setProbeError] = useState<unknown>(undefined);
  const [theme, toggleTheme] = useTheme();

  useEffect(() => {
    api.onUnauthorized = () => {
      setSession(undefined);
      if (window.location.pathname !== href.signIn()) navigate(href.signIn(currentPath()), { replace: true });
    };
    const controller = new AbortController();
    sessionApi.current(api, controller.signal).then(
      (found) => {
        if (!signedIn.current) setSession(found);
        setChecked(true);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setChecked(true);
        if (signedIn.current) return;
        if (error instanceof ApiError && error.status === 401) {
          if (window.location.pathname !== href.signIn()) navigate(href.signIn(currentPath()), { replace: true });
        } else {
          setProbeError(error);
        }
      },
    );
    return () => controller.abort();
  }, [api, setSession]);

  useEffect(() => {
    if (!session) return undefined;
    live.start();
    return () => live.stop();
  }, [live, session]);

  const signOut = useCallback(async () => {
    try {
      await sessionApi.signOut(api);
    } catch {
      // The session may already be gone (expired, revoked): the viewer is signed out either way.
    }
    setSession(undefined);
    navigate(href.signIn());
  }, [api, setSession]);

  const services = useMemo<AppServices>(() => ({ api, live, session, setSession }), [api, live, session, setSession]);

  // The page starts loading its data while the session is still being checked (one round trip
  // saved on every cold load): without a session its requests answer 401, which leads to sign-in
  // like the probe does. Pages that show more to admins wait for the session.
  let body: JSX.Element;
  if (route.name === 'signIn') body = <SignInPage next={route.next} />;
  else if (probeError !== undefined) body = <ErrorBox error={probeError} testId="session-error" />;
  else if (checked && !session) body = <Loading what="Redirecting to sign in" />;
  else body = <RoutePage key={location.pathname} route={route} />;

  return (
    <AppContext.Provider value={services}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      {session && route.name !== 'signIn' && <TopBar session={session} section={sectionOf(route)} live={live} theme={theme} onToggleTheme={toggleTheme} onSignOut={() => void signOut()} />}
      <main id="main" data-testid={`page-${route.name}`}>
        {body}
      </main>
    </AppContext.Provider>
  );
}
