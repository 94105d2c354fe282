import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Credential } from './demo-server.js';

export const byTestId = (id: string) => `[data-testid="${id}"]`;

/** A new browser context (its own cookie jar, like a new private window) with one page. */
export async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Signs in through the sign-in form, as a person would, and waits for the estate overview. */
export async function signInWithForm(page: Page, baseUrl: string, credential: Credential): Promise<void> {
  await page.goto(`${baseUrl}/ui/sign-in`);
  await page.fill(byTestId('sign-in-client-id'), credential.clientId);
  await page.fill(byTestId('sign-in-client-secret'), credential.clientSecret);
  await page.click(byTestId('sign-in-submit'));
  await page.waitForSelector(byTestId('page-overview'));
}

/** A page signed in as `credential` in a context of its own. */
export async function signedInPage(browser: Browser, baseUrl: string, credential: Credential): Promise<{ context: BrowserContext; page: Page }> {
  const fresh = await freshPage(browser);
  await signInWithForm(fresh.page, baseUrl, credential);
  return fresh;
}

/** `#1d7a3a` -> `rgb(29, 122, 58)`, as getComputedStyle reports a colour. */
export function hexToRgb(hex: string): string {
  const value = hex.trim().replace('#', '');
  const [r, g, b] = [0, 2, 4].map((at) => Number.parseInt(value.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
