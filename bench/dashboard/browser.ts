// Cold page loads of the dashboard in headless Chromium: each sample opens a new browser context
// (empty cache, no service state), adds the session cookie and loads one URL. A script injected
// before the page's own watches the DOM and notes when the page's data is on screen (the frame
// after the elements that show it appeared); paint and resource timings come from the page's
// Performance API, all on the page's clock (0 = navigation start).
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.LUCO_BENCH_CHROMIUM ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 900 };
const TIMEOUT_MS = 30_000;

/** What must be on screen: every selector matches, and each `filled` selector's text is not blank. */
export interface ReadyWhen {
  present: string[];
  filled?: string[];
  /** Every element of `each` holds a match of `inside` (e.g. each chart's drawn canvas). */
  each?: { each: string; inside: string };
}

export interface LoadSample {
  /** First contentful paint, ms after navigation start. */
  fcp: number;
  /** The frame after the page's data appeared, ms after navigation start. */
  dataOnScreen: number;
  /** The HTML document's response end. */
  documentEnd: number;
  /** Per API path (without query): request start to response end, ms. */
  api: Record<string, number>;
  /** The script files the page fetched and their transferred bytes. */
  scripts: Array<{ file: string; transferBytes: number }>;
  /** How many of the `present[0]` elements were on screen. */
  count: number;
}

/** What COLLECT_TIMINGS reads from the page. */
interface PageTimings {
  fcp: number | undefined;
  dataAt: number | undefined;
  count: number | undefined;
  documentEnd: number | undefined;
  resources: Array<{ name: string; kind: string; start: number; end: number; transferBytes: number }>;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/** One cold load of `url` signed in with the `luco_session` cookie. */
export async function coldLoad(browser: Browser, url: string, cookie: string, ready: ReadyWhen): Promise<LoadSample> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addCookies([{ name: 'luco_session', value: cookie, url: new URL(url).origin, httpOnly: true, secure: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.addInitScript({ content: `(${WATCH_FOR_DATA})(${JSON.stringify(ready)});` });
    const response = await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    if (!response?.ok()) throw new Error(`${url}: HTTP ${response?.status()}`);
    // A function, not a string: the dashboard's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (globalThis as { __benchMarks?: { dataAt?: number } }).__benchMarks?.dataAt !== undefined, undefined, { timeout: TIMEOUT_MS, polling: 50 });
    const found = await page.evaluate<PageTimings>(COLLECT_TIMINGS);
    if (found.fcp === undefined || found.dataAt === undefined || found.documentEnd === undefined) throw new Error(`${url}: no paint or navigation timing`);
    const api: Record<string, number> = {};
    const scripts: LoadSample['scripts'] = [];
    for (const resource of found.resources) {
      const path = new URL(resource.name).pathname;
      if (path.endsWith('.js')) scripts.push({ file: path.split('/').pop() ?? path, transferBytes: resource.transferBytes });
      else if (resource.kind === 'fetch') api[apiKey(path)] = Math.max(api[apiKey(path)] ?? 0, resource.end - resource.start);
    }
    return { fcp: found.fcp, dataOnScreen: found.dataAt, documentEnd: found.documentEnd, api, scripts, count: found.count ?? 0 };
  } finally {
    await context.close();
  }
}

/** An API path with its numeric ids replaced, so samples of different sequences share a key. */
function apiKey(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

const COLLECT_TIMINGS = `(() => {
  const marks = window.__benchMarks;
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const navigation = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource').map((entry) => ({ name: entry.name, kind: entry.initiatorType, start: entry.startTime, end: entry.responseEnd, transferBytes: entry.transferSize }));
  return { fcp: paint && paint.startTime, dataAt: marks.dataAt, count: marks.count, documentEnd: navigation && navigation.responseEnd, resources };
})()`;

/**
 * Runs in the page before its scripts: notes the frame in which `ready` first holds. Plain
 * JavaScript text, as the TypeScript loader's helpers do not exist in the page.
 */
const WATCH_FOR_DATA = `(ready) => {
  const marks = {};
  window.__benchMarks = marks;
  let seen = false;
  function holds() {
    if (!ready.present.every((selector) => document.querySelector(selector) !== null)) return false;
    if (!(ready.filled || []).every((selector) => ((document.querySelector(selector) || {}).textContent || '').trim() !== '')) return false;
    if (ready.each) {
      const all = [...document.querySelectorAll(ready.each.each)];
      if (all.length === 0 || !all.every((element) => element.querySelector(ready.each.inside) !== null)) return false;
    }
    return true;
  }
  const observer = new MutationObserver(() => {
    if (seen || !holds()) return;
    seen = true;
    observer.disconnect();
    marks.count = document.querySelectorAll(ready.present[0]).length;
    requestAnimationFrame(() => { marks.dataAt = performance.now(); });
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
}`;
