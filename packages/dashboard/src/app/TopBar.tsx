import { useEffect, useState } from 'preact/hooks';
import type { Session } from '../api/types';
import { Link } from '../components/Link';
import type { LiveFeed, LiveStatus } from '../live/live-feed';
import { href } from '../router/routes';
import type { Theme } from './theme';

const LIVE_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Refreshing every 15 s',
  stopped: 'Not refreshing',
};

function useLiveStatus(live: LiveFeed): LiveStatus {
  const [status, setStatus] = useState(live.status);
  useEffect(() => {
    setStatus(live.status);
    return live.onStatus(setStatus);
  }, [live]);
  return status;
}

export function TopBar(props: { session: Session; section: 'estate' | 'alerts' | 'other'; live: LiveFeed; theme: Theme; onToggleTheme: () => void; onSignOut: () => void }) {
  const { session, section, theme } = props;
  const status = useLiveStatus(props.live);
  return (
    <header class="topbar" data-testid="topbar">
      <Link class="brand" href={href.overview()}>
        LucoTS
      </Link>
      <nav class="topnav" aria-label="Main">
        <Link href={href.overview()} aria-current={section === 'estate' ? 'page' : undefined} data-testid="nav-estate">
          Estate
        </Link>
        <Link href={href.alerts()} aria-current={section === 'alerts' ? 'page' : undefined} data-testid="nav-alerts">
          Alerts
        </Link>
      </nav>
      <div class="topbar-end">
        <span class="live-status" data-status={status} data-testid="live-status" aria-live="polite">
          {LIVE_TEXT[status]}
        </span>
        <button type="button" onClick={props.onToggleTheme} aria-pressed={theme === 'dark'} data-testid="theme-toggle">
          Dark theme
        </button>
        <span data-testid="signed-in-as" title={`client ${session.clientId}`}>
          {session.name || session.clientId} <span class="muted small">({session.role})</span>
        </span>
        <button type="button" onClick={props.onSignOut} data-testid="sign-out">
          Sign out
        </button>
      </div>
    </header>
  );
}
