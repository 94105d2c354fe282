import type { Query } from '../api/client';
import type { AlertState } from '../api/types';

// The alerts page's URL: which tab, which alerts (by state) and which page.

export const ALERT_TABS = ['alerts', 'rules', 'channels'] as const;
export type AlertTab = (typeof ALERT_TABS)[number];

export const ALERT_FILTERS = ['active', 'resolved', 'cancelled', 'all'] as const;
export type AlertFilter = (typeof ALERT_FILTERS)[number];

export const ALERT_FILTER_STATES: Record<AlertFilter, AlertState[]> = {
  active: ['pending', 'open'],
  resolved: ['resolved'],
  cancelled: ['cancelled'],
  all: [],
};

export const ALERTS_PAGE_SIZE = 50;

export interface AlertsQuery {
  tab: AlertTab;
  filter: AlertFilter;
  page: number;
}

/**
 * The alerts page's state from its URL. Rules and channels are for admins only: anyone else
 * asking for those tabs gets the alerts tab (the server would refuse them the data anyway).
 */
export function readAlertsQuery(params: URLSearchParams, admin: boolean): AlertsQuery {
  const tab = ALERT_TABS.find((item) => item === params.get('tab')) ?? 'alerts';
  const filter = ALERT_FILTERS.find((item) => item === params.get('state')) ?? 'active';
  const page = Number(params.get('page'));
  return {
    tab: admin ? tab : 'alerts',
    filter,
    page: Number.isInteger(page) && page >= 1 && page <= 1_000_000_000 ? page : 1,
  };
}

export function alertsUrlQuery(query: AlertsQuery): Record<string, string | undefined> {
  return {
    tab: query.tab === 'alerts' ? undefined : query.tab,
    state: query.tab === 'alerts' && query.filter !== 'active' ? query.filter : undefined,
    page: query.tab === 'alerts' && query.page > 1 ? String(query.page) : undefined,
  };
}

export function alertsApiQuery(query: AlertsQuery): Query {
  return { state: ALERT_FILTER_STATES[query.filter], pageNumber: query.page, pageSize: ALERTS_PAGE_SIZE };
}

/** Seconds as people say them: 0 s, 90 s, 15 min, 2.5 h, 1.5 d. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 360) / 10} h`;
  return `${Math.round(seconds / 8640) / 10} d`;
}
