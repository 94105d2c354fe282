import { describe, expect, inject, it } from 'vitest';
import { byTestId } from './support/pages.js';
import { useSignedInPage } from './support/suite.js';
import { WireReader } from './support/wire.js';

const demo = inject('demo');
const shared = useSignedInPage(demo.url, demo.reader);
const wire = new WireReader(demo.url, demo.admin);

const rowStates = () => shared.page.locator(byTestId('sequence-row')).evaluateAll((rows) => rows.map((row) => `${row.textContent?.includes('orders') ? 'orders' : 'other'}:${row.getAttribute('data-state')}`));

describe('the estate overview', () => {
  it('lists every active sequence the wire API has, the failing one marked failed', async () => {
    const { totalCount } = await wire.get<{ totalCount: number }>('/v2/slotsequences/overview?pageSize=1');
    await shared.page.goto(`${demo.url}/ui/`);
    await shared.page.waitForSelector(byTestId('sequence-row'));
    expect(await shared.page.locator(byTestId('sequence-row')).count()).toBe(totalCount);
    expect(await rowStates()).toContain('orders:failed');
  });

  it('a status filter keeps the failed sequence only, lives in the URL, survives a reload and goes with the back button', async () => {
    await shared.page.goto(`${demo.url}/ui/`);
    await shared.page.waitForSelector(byTestId('sequence-row'));
    const everything = await shared.page.locator(byTestId('sequence-row')).count();
    await shared.page.selectOption(byTestId('filter-status'), 'failed');
    await shared.page.waitForURL(/status=failed/);
    await shared.page.waitForFunction(() => document.querySelectorAll('[data-testid="sequence-row"]').length === 1);
    expect(await rowStates()).toEqual(['orders:failed']);

    await shared.page.reload();
    await shared.page.waitForSelector(byTestId('sequence-row'));
    expect(await rowStates()).toEqual(['orders:failed']);
    expect(await shared.page.inputValue(byTestId('filter-status'))).toBe('failed');

    await shared.page.goBack();
    await shared.page.waitForFunction((count) => document.querySelectorAll('[data-testid="sequence-row"]').length === count, everything);
    expect(shared.page.url()).not.toContain('status=failed');
  });

  it('a search by part of a name value, in any case, finds that sequence, and an unknown one says nothing matched', async () => {
    await shared.page.goto(`${demo.url}/ui/`);
    await shared.page.waitForSelector(byTestId('sequence-row'));
    await shared.page.fill(byTestId('filter-search'), 'INVENT');
    await shared.page.click(byTestId('filter-apply'));
    await shared.page.waitForURL(/q=INVENT/);
    await shared.page.waitForFunction(() => document.querySelectorAll('[data-testid="sequence-row"]').length === 1);
    expect(await shared.page.textContent(byTestId('sequence-row'))).toContain('inventory-snapshot');

    await shared.page.goto(`${demo.url}/ui/?q=no-such-feed`);
    await shared.page.waitForSelector(byTestId('overview-empty'));
    expect(await shared.page.locator(byTestId('sequence-row')).count()).toBe(0);
  });
});
