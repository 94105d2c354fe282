import { render } from 'preact';
import { ApiClient } from './api/client';
import { App } from './app/App';
import { applyTheme, readStoredTheme, resolveTheme } from './app/theme';
import { LiveFeed } from './live/live-feed';
import { listenToHistory } from './router/history';
import './styles.css';

// Set the theme before the first paint, so a dark-theme viewer never sees a white flash.
applyTheme(document.documentElement, resolveTheme(readStoredTheme(window.localStorage), window.matchMedia('(prefers-color-scheme: dark)').matches));

const api = new ApiClient();
const live = new LiveFeed({
  url: '/lucots/v1/events',
  createEventSource: (url) => new EventSource(url),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (handle) => window.clearTimeout(handle as number),
});

listenToHistory();
const root = document.getElementById('app');
if (root) render(<App api={api} live={live} />, root);
