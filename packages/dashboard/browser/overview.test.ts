import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { byTestId, signedInPage } from './support/pages.js';
import { WireReader } from './support/wire.js';

const demo = inject('demo');
let browser: Browser;
let context: BrowserContext;
let page: Page;
const wire = new WireReader(demo.url, demo.admin);

beforeAll(async () => {
  browser = await launchChromium();
  ({ context, page } = await signedInPage(browser, demo.url, demo.reader));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const rowStates = () => page.locator(byTestId('sequence-row')).evaluateAll((rows) => rows.map((row) => `${row.textContent?.includes('orders') ? 'orders' : 'other'}:${row.getAttribute('data-state')}`));

describe('the estate overview', () => {
  it('lists every active sequence the wire API has, the failing one marked failed', async () => {
    const { totalCount } = await wire.get<{ totalCount: number }>('/v2/slotsequences/overview?pageSize=1');
    await page.goto(`${demo.url}/ui/`);
    await page.waitForSelector(byTestId('sequence-row'));
    expect(await page.locator(byTestId('sequence-row')).count()).toBe(totalCount);
    expect(await rowStates()).toContain('orders:failed');
  });

  it('a status filter keeps the failed sequence only, lives in the URL, survives a reload and goes with the back button', async () => {
    await page.goto(`${demo.url}/ui/`);
    await page.waitForSelector(byTestId('sequence-row'));
    const everything = await page.locator(byTestId('sequence-row')).count();
    await page.selectOption(byTestId('filter-status'), 'failed');
    await page.waitForURL(/status=failed/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sequence-row"]').length === 1);
    expect(await rowStates()).toEqual(['orders:failed']);

    await page.reload();
    await page.waitForSelector(byTestId('sequence-row'));
    expect(await rowStates()).toEqual(['orders:failed']);
    expect(await page.inputValue(byTestId('filter-status'))).toBe('failed');

    await page.goBack();
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="sequence-row"]').length === count, everything);
    expect(page.url()).not.toContain('status=failed');
  });

  it('a search by a whole name value (as the wire API matches them) finds that sequence, and an unknown one says nothing matched', async () => {
    await page.goto(`${demo.url}/ui/`);
    await page.waitForSelector(byTestId('sequence-row'));
    await page.fill(byTestId('filter-search'), 'inventory-snapshot');
    await page.click(byTestId('filter-apply'));
    await page.waitForURL(/q=inventory-snapshot/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sequence-row"]').length === 1);
    expect(await page.textContent(byTestId('sequence-row'))).toContain('inventory-snapshot');

    await page.goto(`${demo.url}/ui/?q=inventory`);
    await page.waitForSelector(byTestId('overview-empty'));
    expect(await page.textContent(byTestId('overview-empty'))).toContain('whole name values');
    expect(await page.locator(byTestId('sequence-row')).count()).toBe(0);
  });
});
