import { describe, expect, inject, it } from 'vitest';
import { byTestId, signedInPage } from './support/pages.js';
import { useBrowser } from './support/suite.js';

const demo = inject('demo');
const shared = useBrowser();

describe('what each role sees', () => {
  it('a reader sees the alerts but no rules, channels or other admin controls, even by URL', async () => {
    const { context, page } = await signedInPage(shared.browser, demo.url, demo.reader);
    await page.goto(`${demo.url}/ui/alerts`);
    await page.waitForSelector(byTestId('alert-row'));
    expect(await page.locator(byTestId('alert-row')).count()).toBeGreaterThan(0);
    for (const admin of ['alerts-tabs', 'tab-rules', 'tab-channels', 'rules-table', 'channels-table']) {
      expect(await page.locator(byTestId(admin)).count(), admin).toBe(0);
    }
    await page.goto(`${demo.url}/ui/alerts?tab=channels`);
    await page.waitForSelector(byTestId('page-alerts'));
    await page.waitForSelector(`${byTestId('alert-row')}, ${byTestId('alerts-empty')}`);
    expect(await page.locator(byTestId('channels-table')).count()).toBe(0);
    // The server refuses it too, whatever the page does.
    expect(await page.evaluate(async () => (await fetch('/lucots/v1/alert-channels')).status)).toBe(403);
    await context.close();
  });

  it("an admin sees the demo's rule and channel", async () => {
    const { context, page } = await signedInPage(shared.browser, demo.url, demo.admin);
    await page.goto(`${demo.url}/ui/alerts`);
    await page.waitForSelector(byTestId('alerts-tabs'));
    await page.click(byTestId('tab-rules'));
    await page.waitForSelector(byTestId('rule-row'));
    expect(page.url()).toContain('tab=rules');
    await page.click(byTestId('tab-channels'));
    await page.waitForSelector(byTestId('channel-row'));
    expect(await page.textContent(byTestId('channels-table'))).toMatch(/webhook/i);
    await context.close();
  });
});
