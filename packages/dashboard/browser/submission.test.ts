import { describe, expect, inject, it } from 'vitest';
import { byTestId } from './support/pages.js';
import { useSignedInPage } from './support/suite.js';
import { WireReader } from './support/wire.js';
import { sequenceKey, type WireQuality, type WireSlotPage } from './support/wire-types.js';

const demo = inject('demo');
const shared = useSignedInPage(demo.url, demo.reader);
const wire = new WireReader(demo.url, demo.admin);

describe('a submission page', () => {
  it('reached from the calendar, shows each quality check with its arguments, observed values and action', async () => {
    const { slots } = await wire.get<WireSlotPage>('/v2/slots/overview?slotStatus=Delivered&pageSize=500');
    let flagged: { slotId: number; submissionId: number; quality: WireQuality } | undefined;
    for (const slot of slots.filter((one) => sequenceKey(one) === 'acme/daily-sales')) {
      const quality = await wire.get<WireQuality>(`/v2/slots/${slot.slotId}/submissions/${slot.lastSubmissionId}/quality`);
      if (quality.collections.some((collection) => !collection.success)) flagged = { slotId: slot.slotId, submissionId: slot.lastSubmissionId!, quality };
    }
    expect(flagged).toBeDefined();

    // The way a person gets there: the flagged day on the calendar, then its run.
    const slot = slots.find((one) => one.slotId === flagged!.slotId)!;
    await shared.page.goto(`${demo.url}/ui/sequences/${slot.slotSequenceId}?view=month&month=${slot.tag.slice(0, 7)}`);
    await shared.page.click(`${byTestId('calendar-cell')}[data-tag="${slot.tag}"]`);
    await shared.page.waitForSelector(byTestId('page-slot'));
    await shared.page.click(`${byTestId('submission-row')}[data-submission-id="${flagged!.submissionId}"] ${byTestId('submission-link')}`);
    await shared.page.waitForSelector(byTestId('quality-collection'));
    expect(shared.page.url()).toBe(`${demo.url}/ui/slots/${flagged!.slotId}/submissions/${flagged!.submissionId}`);

    // Times in the viewer's zone (this browser runs in America/New_York), the sequence's own on hover.
    const started = shared.page.locator(`${byTestId('submission-summary')} time`).first();
    const iso = (await started.getAttribute('datetime'))!;
    const inZone = (zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso));
    expect(await started.textContent()).toContain(inZone('America/New_York'));
    expect(await started.getAttribute('title')).toContain(inZone('Europe/London'));
    expect(await started.getAttribute('title')).toContain('(Europe/London)');

    // Stages with their durations: the demo reports only each stage's end, so each is timed from the one before.
    const durations = await shared.page.locator(byTestId('timeline-duration')).allTextContents();
    expect(await shared.page.locator(byTestId('timeline-stage')).evaluateAll((stages) => stages.map((stage) => stage.getAttribute('data-stage')))).toEqual(['extract', 'load', 'validate', 'Submission']);
    for (const duration of durations) expect(duration).toMatch(/^≈ \d+ min$|^≈ \d+ s$|^≈ \d+ min \d+ s$/);

    const collection = flagged!.quality.collections[0]!;
    const shown = shared.page.locator(byTestId('quality-collection'));
    expect(await shown.count()).toBe(flagged!.quality.collections.length);
    expect(await shown.first().getAttribute('data-success')).toBe('false');
    const checks = shown.first().locator(byTestId('quality-check'));
    expect(await checks.count()).toBe(collection.checks.length);
    for (const [index, check] of collection.checks.entries()) {
      const row = checks.nth(index);
      expect(await row.getAttribute('data-success')).toBe(String(check.success));
      const text = (await row.locator(byTestId('quality-check-text')).textContent())!;
      const args = (await row.locator(byTestId('quality-check-args')).textContent())!;
      const observed = (await row.locator(byTestId('quality-check-observed')).textContent())!;
      const action = (await row.locator(byTestId('quality-check-action')).textContent())!;
      // The check as written or with its arguments filled in; every argument and observed value shown.
      expect(text.length).toBeGreaterThan(5);
      for (const [name, value] of Object.entries(check.checkArgs ?? {})) {
        expect(args).toContain(name);
        expect(args.replace(/[,\s]/g, '')).toContain(String(value));
      }
      for (const [name, value] of Object.entries(check.observed ?? {})) {
        expect(observed).toContain(name);
        expect(observed.replace(/[,\s]/g, '')).toContain(String(value));
      }
      if (check.onFail?.action) expect(action.toLowerCase()).toContain(check.onFail.action);
    }
    const failing = collection.checks.find((check) => !check.success)!;
    expect(await shared.page.locator(`${byTestId('quality-check')}[data-success="false"] ${byTestId('quality-check-text')}`).textContent()).toContain(String(failing.checkArgs?.['column']));

    // The same page opened directly (a shared link) shows the same thing.
    const direct = await shared.context.newPage();
    await direct.goto(shared.page.url());
    await direct.waitForSelector(byTestId('quality-check'));
    expect(await direct.locator(byTestId('quality-check')).count()).toBe(collection.checks.length);
    await direct.close();
  });
});
