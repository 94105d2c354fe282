import { describe, expect, it } from 'vitest';
import { alertsApiQuery, alertsUrlQuery, formatSeconds, readAlertsQuery } from '../src/alerts/alerts-query';
import { otherTheme, readStoredTheme, resolveTheme, storeTheme } from '../src/app/theme';

describe('the alerts page query', () => {
  it('shows open and pending alerts by default', () => {
    const query = readAlertsQuery(new URLSearchParams(''), false);
    expect(query).toEqual({ tab: 'alerts', filter: 'active', page: 1 });
    expect(alertsApiQuery(query)).toMatchObject({ state: ['pending', 'open'], pageNumber: 1 });
    expect(alertsApiQuery({ ...query, filter: 'all' })).toMatchObject({ state: [] });
  });

  it('gives rules and channels to admins only', () => {
    expect(readAlertsQuery(new URLSearchParams('tab=rules'), true).tab).toBe('rules');
    expect(readAlertsQuery(new URLSearchParams('tab=rules'), false).tab).toBe('alerts');
    expect(readAlertsQuery(new URLSearchParams('tab=channels'), false).tab).toBe('alerts');
  });

  it('writes a short URL that reads back the same', () => {
    const query = readAlertsQuery(new URLSearchParams('state=resolved&page=2'), false);
    expect(alertsUrlQuery(query)).toEqual({ tab: undefined, state: 'resolved', page: '2' });
    expect(alertsUrlQuery({ tab: 'rules', filter: 'active', page: 1 })).toEqual({ tab: 'rules', state: undefined, page: undefined });
  });

  it('says seconds the way people do', () => {
    expect(formatSeconds(90)).toBe('90 s');
    expect(formatSeconds(900)).toBe('15 min');
    expect(formatSeconds(9000)).toBe('2.5 h');
    expect(formatSeconds(129_600)).toBe('36 h');
    expect(formatSeconds(259_200)).toBe('3 d');
    expect(formatSeconds(null)).toBe('—');
  });
});

describe('theme', () => {
  it("follows the system unless the viewer chose", () => {
    expect(resolveTheme(undefined, true)).toBe('dark');
    expect(resolveTheme(undefined, false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(otherTheme('light')).toBe('dark');
  });

  it('keeps the choice, and copes with storage that throws', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value) };
    storeTheme(storage, 'dark');
    expect(readStoredTheme(storage)).toBe('dark');
    store.set('lucots.theme', 'purple');
    expect(readStoredTheme(storage)).toBeUndefined();
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(readStoredTheme(broken)).toBeUndefined();
    expect(() => storeTheme(broken, 'light')).not.toThrow();
  });
});
