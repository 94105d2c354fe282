import type { Query } from '../api/client';

// The estate overview's filters, search, sort and page live in its URL (shareable, the back
// button works) and turn into the query of /v2/slotsequences/overview, which pages server-side.

export const STATUS_FILTERS = ['all', 'overdue', 'failed', 'healthy'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const CADENCES = ['daily', 'weekdays', 'weekly', 'monthly', 'unscheduled'] as const;

export const SORT_KEYS = ['slotSequence', 'type', 'cadence', 'slots', 'overdue', 'failed', 'lastDelivery', 'upcoming'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const PAGE_SIZE = 50;

export interface EstateQuery {
  status: StatusFilter;
  /** Search words: each must be one of the sequence's name part values. */
  q: string;
  /** Types, comma-separated in the URL. */
  types: string[];
  cadence: string;
  sort: SortKey | '';
  dir: 'asc' | 'desc';
  page: number;
  archived: boolean;
}

function oneOf<T extends string>(value: string | null, choices: readonly T[]): T | undefined {
  return choices.find((choice) => choice === value);
}

/** The estate query a URL holds; unknown or bad values fall back to the defaults. */
export function readEstateQuery(params: URLSearchParams): EstateQuery {
  const page = Number(params.get('page'));
  return {
    status: oneOf(params.get('status'), STATUS_FILTERS) ?? 'all',
    q: (params.get('q') ?? '').trim(),
    types: splitList(params.get('type') ?? ''),
    cadence: oneOf(params.get('cadence'), CADENCES) ?? '',
    sort: oneOf(params.get('sort'), SORT_KEYS) ?? '',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page >= 1 && page <= 1_000_000_000 ? page : 1,
    archived: params.get('archived') === '1',
  };
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Search text as texts to find in name part values: words split on spaces; "quoted words" stay one text. */
export function searchValues(q: string): string[] {
  const values: string[] = [];
  for (const match of q.matchAll(/"([^"]*)"|(\S+)/g)) {
    const value = (match[1] ?? match[2] ?? '').trim();
    if (value) values.push(value);
  }
  return values;
}

/** The URL query for an estate query, leaving out every default so URLs stay short. */
export function estateUrlQuery(query: EstateQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.status !== 'all') params.set('status', query.status);
  if (query.q) params.set('q', query.q);
  if (query.types.length > 0) params.set('type', query.types.join(','));
  if (query.cadence) params.set('cadence', query.cadence);
  if (query.sort) params.set('sort', query.sort);
  if (query.sort && query.dir === 'desc') params.set('dir', 'desc');
  if (query.archived) params.set('archived', '1');
  if (query.page > 1) params.set('page', String(query.page));
  return params;
}

/** The server query for an estate query. */
export function estateApiQuery(query: EstateQuery, pageSize: number = PAGE_SIZE): Query {
  const values = searchValues(query.q);
  const api: Query = {
    isActive: query.archived ? 'false' : 'true',
    type: query.types,
    cadence: query.cadence ? [query.cadence] : undefined,
    // Each word a part of some name value, any case (the server's nameContains); the wire API's own
    // filter wants whole values, which people rarely type.
    nameContains: values,
    sortBy: query.sort || undefined,
    sortDir: query.sort ? query.dir : undefined,
    pageNumber: query.page,
    pageSize,
  };
  if (query.status === 'overdue') api['overdueCountStart'] = 1;
  if (query.status === 'failed') api['failedCountStart'] = [1];
  if (query.status === 'healthy') {
    api['overdueCountEnd'] = 0;
    api['failedCountEnd'] = 0;
  }
  return api;
}

/**
 * Sorting by a column header: the first click sorts ascending, the next flips the direction;
 * any change of sort goes back to page 1.
 */
export function sortedBy(query: EstateQuery, key: SortKey): EstateQuery {
  const dir = query.sort === key && query.dir === 'asc' ? 'desc' : 'asc';
  return { ...query, sort: key, dir, page: 1 };
}

export function pageCount(totalCount: number, pageSize: number = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(totalCount / pageSize));
}
