import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startDemoServer, type DemoServer } from './support/demo-server.js';
import { byTestId, signInWithForm } from './support/pages.js';
import { WireReader } from './support/wire.js';
import { sequenceKey, type WireQuality, type WireSlotPage } from './support/wire-types.js';

/** The three main pages, as `npm start`'s demo fills them; the README shows these files. */
export const SCREENSHOTS = ['overview', 'sequence', 'submission'] as const;

/**
 * Takes the screenshots in `outDir` (`<name>.png`) with a fresh demo and Chromium: the estate
 * overview, the sequence with the demo's failed and overdue days, the submission whose check failed.
 */
export async function takeScreenshots(outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const demo = await startDemoServer();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1, colorScheme: 'light', timezoneId: 'Europe/London' });
    const page = await context.newPage();
    await signInWithForm(page, demo.url, demo.reader);
    const targets = await screenshotTargets(demo);
    const files: string[] = [];
    const shoot = async (name: (typeof SCREENSHOTS)[number], path: string, ready: string, scrollTo?: string) => {
      await page.goto(`${demo.url}${path}`);
      await page.waitForSelector(ready);
      // The part worth seeing at the top (the submission's timeline and checks, not its summary).
      if (scrollTo) await page.locator(scrollTo).evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 16));
      await settle(page);
      const file = join(outDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      files.push(file);
    };
    await shoot('overview', '/ui/', byTestId('sequence-row'));
    await shoot('sequence', targets.sequence, `${byTestId('metric-chart-canvas')} canvas`);
    await shoot('submission', targets.submission, byTestId('quality-check'), 'h2:has-text("Status timeline")');
    await context.close();
    return files;
  } finally {
    await browser.close();
    await demo.stop();
  }
}

/** Where the demo's interesting days are, from the wire API. */
async function screenshotTargets(demo: DemoServer): Promise<{ sequence: string; submission: string }> {
  const wire = new WireReader(demo.url, demo.admin);
  const { slots: failed } = await wire.get<WireSlotPage>('/v2/slots/overview?slotStatus=Failed&pageSize=1');
  const failedSlot = failed[0];
  if (!failedSlot) throw new Error('the demo has no failed slot');
  const { slots: delivered } = await wire.get<WireSlotPage>('/v2/slots/overview?slotStatus=Delivered&pageSize=500');
  for (const slot of delivered.filter((one) => sequenceKey(one) === 'acme/daily-sales')) {
    const quality = await wire.get<WireQuality>(`/v2/slots/${slot.slotId}/submissions/${slot.lastSubmissionId}/quality`);
    if (quality.collections.some((collection) => !collection.success)) {
      return {
        sequence: `/ui/sequences/${failedSlot.slotSequenceId}?view=month&month=${failedSlot.tag.slice(0, 7)}`,
        submission: `/ui/slots/${slot.slotId}/submissions/${slot.lastSubmissionId}`,
      };
    }
  }
  throw new Error('the demo has no submission with a failed check');
}

/** Fonts loaded and no transition half-way. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
}
