import { describe, expect, inject, it } from 'vitest';
import { byTestId, freshPage, signInWithForm } from './support/pages.js';
import { useBrowser } from './support/suite.js';

const demo = inject('demo');
const shared = useBrowser();

describe('signing in and out in Chromium', () => {
  it("npm start's one-time link signs the demo reader in once; the token leaves the address bar and nothing lands in storage", async () => {
    const { context, page } = await freshPage(shared.browser);
    await page.goto(demo.signInLink);
    await page.waitForSelector(byTestId('page-overview'));
    expect(await page.textContent(byTestId('signed-in-as'))).toContain('demo reader');
    expect(page.url()).toBe(`${demo.url}/ui/`);

    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === 'luco_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
    expect(stored).not.toContain(session!.value);
    expect(stored).not.toContain(demo.signInLink.split('#link=')[1]!);
    await context.close();

    // Used up: a second browser opening the same link gets an explanation and the form.
    const again = await freshPage(shared.browser);
    await again.page.goto(demo.signInLink);
    await again.page.waitForSelector(byTestId('sign-in-error'));
    expect((await again.page.textContent(byTestId('sign-in-error')))!.trim()).not.toBe('');
    expect(await again.page.isVisible(byTestId('sign-in-form'))).toBe(true);
    await again.context.close();
  });

  it('a client id and secret sign in; sign out ends the session on the server, and the pages ask to sign in again', async () => {
    const { context, page } = await freshPage(shared.browser);
    await signInWithForm(page, demo.url, demo.admin);
    expect(await page.evaluate(async () => (await fetch('/lucots/v1/session')).status)).toBe(200);

    await page.click(byTestId('sign-out'));
    await page.waitForSelector(byTestId('page-signIn'));
    expect(await page.evaluate(async () => (await fetch('/lucots/v1/session')).status)).toBe(401);
    await page.goto(`${demo.url}/ui/sequences/1`);
    await page.waitForSelector(byTestId('page-signIn'));
    expect(page.url()).toContain('/ui/sign-in');
    await context.close();
  });

  it('a wrong secret shows an error beside the form, not a blank page', async () => {
    const { context, page } = await freshPage(shared.browser);
    await page.goto(`${demo.url}/ui/sign-in`);
    await page.fill(byTestId('sign-in-client-id'), demo.reader.clientId);
    await page.fill(byTestId('sign-in-client-secret'), `${demo.reader.clientSecret}x`);
    await page.click(byTestId('sign-in-submit'));
    await page.waitForSelector(byTestId('sign-in-error'));
    const error = (await page.textContent(byTestId('sign-in-error')))!;
    expect(error).toMatch(/client|secret|credential/i);
    expect(error).not.toContain(demo.reader.clientSecret);
    expect(await page.isVisible(byTestId('sign-in-form'))).toBe(true);
    expect(await page.isVisible(byTestId('page-overview'))).toBe(false);
    await context.close();
  });
});
