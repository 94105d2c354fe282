import { describe, expect, it } from 'vitest';
import { href, parseId, parseRoute, safeReturnPath } from '../src/router/routes';

describe('parseRoute', () => {
  it('reads every view from its real path', () => {
    expect(parseRoute('/ui/', '').name).toBe('overview');
    expect(parseRoute('/ui', '').name).toBe('overview');
    expect(parseRoute('/ui/sequences/12', '?view=week')).toMatchObject({ name: 'sequence', sequenceId: 12 });
    expect(parseRoute('/ui/slots/7', '')).toEqual({ name: 'slot', slotId: 7 });
    expect(parseRoute('/ui/slots/7/submissions/99', '')).toEqual({ name: 'submission', slotId: 7, submissionId: 99 });
    expect(parseRoute('/ui/alerts', '?tab=rules').name).toBe('alerts');
    expect(parseRoute('/ui/sign-in', '?next=%2Fui%2Fslots%2F3')).toEqual({ name: 'signIn', next: '/ui/slots/3' });
  });

  it('keeps the query string for the views that read one', () => {
    const route = parseRoute('/ui/', '?status=overdue&q=acme&page=2');
    expect(route.name === 'overview' && route.query.get('status')).toBe('overdue');
    expect(route.name === 'overview' && route.query.get('page')).toBe('2');
  });

  it('treats a trailing slash as the same view', () => {
    expect(parseRoute('/ui/slots/7/', '')).toEqual({ name: 'slot', slotId: 7 });
  });

  it('answers notFound for unknown paths and bad ids, never throwing', () => {
    expect(parseRoute('/ui/nope', '').name).toBe('notFound');
    expect(parseRoute('/ui/slots/abc', '').name).toBe('notFound');
    expect(parseRoute('/ui/slots/0', '').name).toBe('notFound');
    expect(parseRoute('/ui/slots/007', '').name).toBe('notFound');
    expect(parseRoute('/ui/slots/2147483648', '').name).toBe('notFound');
    expect(parseRoute('/ui/slots/7/submissions', '').name).toBe('notFound');
    expect(parseRoute('/ui/slots/7/runs/9', '').name).toBe('notFound');
    expect(parseRoute('/other', '').name).toBe('notFound');
    expect(parseRoute('/uiextra/slots/1', '').name).toBe('notFound');
  });
});

describe('parseId', () => {
  it('accepts 1 to 2^31-1 only', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('2147483647')).toBe(2147483647);
    expect(parseId('2147483648')).toBeUndefined();
    expect(parseId('-1')).toBeUndefined();
    expect(parseId('1e3')).toBeUndefined();
    expect(parseId(undefined)).toBeUndefined();
  });
});

describe('safeReturnPath', () => {
  it('keeps a dashboard path with its query', () => {
    expect(safeReturnPath('/ui/sequences/4?view=week&week=2026-12-07')).toBe('/ui/sequences/4?view=week&week=2026-12-07');
  });

  it('refuses other sites, other paths and the sign-in page itself', () => {
    for (const bad of ['//evil.example/ui/', 'https://evil.example/ui/', '/ui\\..\\x', '/lucots/v1/session', '/ui/sign-in', '/ui/../oauth2/token', '', null, undefined, 'javascript:alert(1)']) {
      expect(safeReturnPath(bad)).toBe('/ui/');
    }
  });
});

describe('href', () => {
  it('builds the URLs the router reads back', () => {
    expect(href.overview()).toBe('/ui/');
    expect(href.overview(new URLSearchParams({ status: 'failed' }))).toBe('/ui/?status=failed');
    expect(href.sequence(3, { view: 'month', month: '2026-12', days: null })).toBe('/ui/sequences/3?view=month&month=2026-12');
    expect(href.submission(7, 99)).toBe('/ui/slots/7/submissions/99');
    expect(href.alerts({ tab: undefined })).toBe('/ui/alerts');
    expect(href.signIn('/ui/slots/3')).toBe('/ui/sign-in?next=%2Fui%2Fslots%2F3');
    expect(href.signIn('/ui/')).toBe('/ui/sign-in');
    const back = parseRoute('/ui/sign-in', href.signIn('/ui/slots/3?x=1').split('?')[1] ?? '');
    expect(back).toEqual({ name: 'signIn', next: '/ui/slots/3?x=1' });
  });
});
