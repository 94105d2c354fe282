import { LucoApi } from '@lucots/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { byTestId, signedInPage } from './support/pages.js';
import { startPlainServer, type PlainServer } from './support/plain-server.js';

// A server of its own: this file changes data, which the demo's tests count.
let server: PlainServer;
let browser: Browser;
let luco: LucoApi;
const today = new Date().toISOString().slice(0, 10);
const NAME = { client: 'browser', feed: 'live' };

beforeAll(async () => {
  server = await startPlainServer();
  browser = await launchChromium();
  luco = new LucoApi({ baseUrl: server.url, tokenUrl: `${server.url}/oauth2/token`, clientId: server.admin.clientId, clientSecret: server.admin.clientSecret, resourceId: 'luco', env: {}, logLevel: 'error' });
  const imported = await luco.submitSlotSequences([{ name: NAME, type: 'feed', isActive: true, delivery: [{ cadence: 'daily', expectedBy: '23:59', timeZone: 'UTC', startDate: today }] }]);
  expect(imported.counts.created).toBe(1);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the pages refresh themselves', () => {
  it("a run that fails turns its day red on an open calendar, with no reload (server-sent events)", async () => {
    const { context, page } = await signedInPage(browser, server.url, server.admin);
    const sequenceId = await luco.findSlotSequenceId(NAME);
    await page.goto(`${server.url}/ui/sequences/${sequenceId}?view=month&month=${today.slice(0, 7)}`);
    await page.waitForSelector(`${byTestId('live-status')}[data-status="live"]`);
    const cell = page.locator(`${byTestId('calendar-cell')}[data-tag="${today}"]`);
    expect(await cell.getAttribute('data-health')).toBe('Pending');
    // Marks the page: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await luco
      .withSubmission({ tag: today, slotSequence: NAME }, async () => {
        throw new Error('the source answered 503');
      })
      .catch(() => undefined);

    await page.waitForSelector(`${byTestId('calendar-cell')}[data-tag="${today}"][data-health="Failed"]`, { timeout: 10_000 });
    expect(await cell.getAttribute('data-tone')).toBe('failed');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await context.close();
  });

  it('the theme toggle switches to dark and back, and the choice outlives a reload', async () => {
    const { context, page } = await signedInPage(browser, server.url, server.admin);
    const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const first = await theme();
    const before = await background();
    await page.click(byTestId('theme-toggle'));
    await page.waitForFunction((was) => document.documentElement.dataset['theme'] !== was, first);
    expect(await page.getAttribute(byTestId('theme-toggle'), 'aria-pressed')).toBe(String((await theme()) === 'dark'));
    expect(await background()).not.toBe(before);
    await page.reload();
    await page.waitForSelector(byTestId('page-overview'));
    expect(await theme()).not.toBe(first);
    await page.click(byTestId('theme-toggle'));
    await page.waitForFunction((was) => document.documentElement.dataset['theme'] === was, first);
    expect(await background()).toBe(before);
    await context.close();
  });

  it('keyboard: Tab reaches the sequence links and Enter opens one', async () => {
    const { context, page } = await signedInPage(browser, server.url, server.admin);
    await page.waitForSelector(byTestId('sequence-link'));
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'sequence-link')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sequence-link');
    await page.keyboard.press('Enter');
    await page.waitForSelector(byTestId('page-sequence'));
    await page.goBack();
    await page.waitForSelector(byTestId('page-overview'));
    await context.close();
  });
});
