import { describe, expect, it } from 'vitest';
import { estateApiQuery, estateUrlQuery, pageCount, readEstateQuery, searchValues, sortedBy } from '../src/overview/estate-query';

describe('the estate query in the URL', () => {
  it('reads filters, search, sort and page', () => {
    const query = readEstateQuery(new URLSearchParams('status=overdue&q=acme&type=feed, report&cadence=daily&sort=failed&dir=desc&page=3&archived=1'));
    expect(query).toEqual({ status: 'overdue', q: 'acme', types: ['feed', 'report'], cadence: 'daily', sort: 'failed', dir: 'desc', page: 3, archived: true });
  });

  it('falls back to the defaults for unknown or bad values', () => {
    const query = readEstateQuery(new URLSearchParams('status=weird&cadence=hourly&sort=DROP&dir=sideways&page=-2'));
    expect(query).toEqual({ status: 'all', q: '', types: [], cadence: '', sort: '', dir: 'asc', page: 1, archived: false });
    expect(readEstateQuery(new URLSearchParams('page=1.5')).page).toBe(1);
  });

  it('writes back only what differs from the defaults, and reads the same again', () => {
    const query = readEstateQuery(new URLSearchParams('status=failed&q=acme&sort=slots&dir=desc&page=2'));
    const url = estateUrlQuery(query);
    expect(url.toString()).toBe('status=failed&q=acme&sort=slots&dir=desc&page=2');
    expect(readEstateQuery(url)).toEqual(query);
    expect(estateUrlQuery(readEstateQuery(new URLSearchParams())).toString()).toBe('');
  });
});

describe('the server query', () => {
  it('maps status filters onto the overdue and failed counts', () => {
    const base = readEstateQuery(new URLSearchParams());
    expect(estateApiQuery({ ...base, status: 'overdue' })).toMatchObject({ overdueCountStart: 1 });
    expect(estateApiQuery({ ...base, status: 'failed' })).toMatchObject({ failedCountStart: [1] });
    const healthy = estateApiQuery({ ...base, status: 'healthy' });
    expect(healthy).toMatchObject({ overdueCountEnd: 0, failedCountEnd: 0 });
    expect(estateApiQuery(base)).not.toHaveProperty('overdueCountStart');
  });

  it('pages server-side and sorts only when asked', () => {
    const query = readEstateQuery(new URLSearchParams('page=4'));
    expect(estateApiQuery(query, 50)).toMatchObject({ pageNumber: 4, pageSize: 50, isActive: 'true', sortBy: undefined, sortDir: undefined });
    expect(estateApiQuery({ ...query, sort: 'lastDelivery', dir: 'desc' })).toMatchObject({ sortBy: 'lastDelivery', sortDir: 'desc' });
    expect(estateApiQuery({ ...query, archived: true })).toMatchObject({ isActive: 'false' });
  });

  it('searches name part values: every word must match', () => {
    const query = readEstateQuery(new URLSearchParams('q=acme "daily orders"'));
    expect(estateApiQuery(query)).toMatchObject({ nameContains: ['acme', 'daily orders'] });
    expect(estateApiQuery(query)).not.toHaveProperty('slotSequenceDefinitionValues');
    expect(searchValues('  a   b ')).toEqual(['a', 'b']);
    expect(searchValues('')).toEqual([]);
  });
});

describe('sorting and paging', () => {
  it('sorts ascending first, flips on the next click, and goes back to page 1', () => {
    const query = readEstateQuery(new URLSearchParams('page=5'));
    const once = sortedBy(query, 'overdue');
    expect(once).toMatchObject({ sort: 'overdue', dir: 'asc', page: 1 });
    expect(sortedBy(once, 'overdue')).toMatchObject({ sort: 'overdue', dir: 'desc' });
    expect(sortedBy(sortedBy(once, 'overdue'), 'failed')).toMatchObject({ sort: 'failed', dir: 'asc' });
  });

  it('counts pages, at least one', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });
});
