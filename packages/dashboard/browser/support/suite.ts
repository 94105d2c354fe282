import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium.js';
import type { Credential } from './demo-server.js';
import { signedInPage } from './pages.js';

/** A Chromium for the whole test file, closed after it. Read `.browser` inside tests and hooks. */
export function useBrowser(): { readonly browser: Browser } {
  const state = {} as { browser: Browser };
  beforeAll(async () => {
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return state;
}

/** A Chromium and one page signed in as `credential` through the form, for the whole test file. */
export function useSignedInPage(baseUrl: string, credential: Credential): { readonly browser: Browser; readonly context: BrowserContext; readonly page: Page } {
  const state = {} as { browser: Browser; context: BrowserContext; page: Page };
  beforeAll(async () => {
    state.browser = await launchChromium();
    Object.assign(state, await signedInPage(state.browser, baseUrl, credential));
  });
  afterAll(async () => {
    await state.context?.close();
    await state.browser?.close();
  });
  return state;
}
