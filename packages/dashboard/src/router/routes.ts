/** Where the dashboard lives on the server; every client-side route is a real path under it. */
export const UI_BASE = '/ui';

export type Route =
  | { name: 'overview'; query: URLSearchParams }
  | { name: 'sequence'; sequenceId: number; query: URLSearchParams }
  | { name: 'slot'; slotId: number }
  | { name: 'submission'; slotId: number; submissionId: number }
  | { name: 'alerts'; query: URLSearchParams }
  | { name: 'signIn'; next: string }
  | { name: 'notFound'; path: string };

const MAX_ID = 2 ** 31 - 1;

/** A path segment as a server id (1 to 2^31-1), or undefined. */
export function parseId(segment: string | undefined): number | undefined {
  if (segment === undefined || !/^[1-9]\d{0,9}$/.test(segment)) return undefined;
  const value = Number(segment);
  return value <= MAX_ID ? value : undefined;
}

/** The route a location names; anything unknown (or a bad id) is notFound, never an exception. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  if (pathname !== UI_BASE && !pathname.startsWith(`${UI_BASE}/`)) return { name: 'notFound', path: pathname };
  const segments = pathname.slice(UI_BASE.length).split('/').filter((segment) => segment !== '');
  const [first, second, third, fourth] = segments;
  switch (segments.length) {
    case 0:
      return { name: 'overview', query };
    case 1:
      if (first === 'alerts') return { name: 'alerts', query };
      if (first === 'sign-in') return { name: 'signIn', next: safeReturnPath(query.get('next')) };
      break;
    case 2: {
      const entityId = parseId(second);
      if (entityId === undefined) break;
      if (first === 'sequences') return { name: 'sequence', sequenceId: entityId, query };
      if (first === 'slots') return { name: 'slot', slotId: entityId };
      break;
    }
    case 4: {
      const slotId = parseId(second);
      const submissionId = parseId(fourth);
      if (first === 'slots' && third === 'submissions' && slotId !== undefined && submissionId !== undefined) {
        return { name: 'submission', slotId, submissionId };
      }
      break;
    }
  }
  return { name: 'notFound', path: pathname };
}

/**
 * Where to go after signing in: only a dashboard path on this origin (`/ui/...`), never another
 * site (`//evil.example`, `https://...`) nor the sign-in page itself; else the overview.
 */
export function safeReturnPath(next: string | null | undefined): string {
  const home = `${UI_BASE}/`;
  if (!next || !next.startsWith(`${UI_BASE}/`) || next.startsWith('//') || next.includes('\\')) return home;
  let url: URL;
  try {
    url = new URL(next, 'http://dashboard.invalid');
  } catch {
    return home;
  }
  if (url.origin !== 'http://dashboard.invalid' || !url.pathname.startsWith(`${UI_BASE}/`)) return home;
  if (url.pathname === `${UI_BASE}/sign-in`) return home;
  return url.pathname + url.search;
}

function withQuery(path: string, query?: Record<string, string | number | undefined | null>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The URLs of the dashboard's views. */
export const href = {
  overview: (query?: URLSearchParams) => {
    const text = query?.toString() ?? '';
    return text ? `${UI_BASE}/?${text}` : `${UI_BASE}/`;
  },
  sequence: (sequenceId: number, query?: Record<string, string | number | undefined | null>) => withQuery(`${UI_BASE}/sequences/${sequenceId}`, query),
  slot: (slotId: number) => `${UI_BASE}/slots/${slotId}`,
  submission: (slotId: number, submissionId: number) => `${UI_BASE}/slots/${slotId}/submissions/${submissionId}`,
  alerts: (query?: Record<string, string | number | undefined | null>) => withQuery(`${UI_BASE}/alerts`, query),
  signIn: (next?: string) => withQuery(`${UI_BASE}/sign-in`, { next: next && next !== `${UI_BASE}/` ? next : undefined }),
};
