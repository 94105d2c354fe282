import { describe, expect, inject, it } from 'vitest';
import { byTestId, hexToRgb } from './support/pages.js';
import { useSignedInPage } from './support/suite.js';
import { WireReader } from './support/wire.js';
import { sequenceKey, type WireQuality, type WireSlotPage } from './support/wire-types.js';

const demo = inject('demo');
const shared = useSignedInPage(demo.url, demo.reader);
const wire = new WireReader(demo.url, demo.admin);

/** The wire overview's statuses the demo makes on purpose, with the calendar health and colour each must show. */
const INCIDENTS = [
  { slotStatus: 'Overdue', health: 'Overdue', tone: 'overdue' },
  { slotStatus: 'Failed', health: 'Failed', tone: 'failed' },
  { slotStatus: 'DeliveredLate', health: 'DeliveredLate', tone: 'late' },
] as const;

describe("the sequence calendar shows npm start's demo", () => {
  it('the overdue, failed and late slots are in their colours on their days', async () => {
    const colours = new Set<string>();
    for (const incident of INCIDENTS) {
      // The demo plans exactly one of each (a delivery that never came, a failed load, a late run).
      const { slots } = await wire.get<WireSlotPage>(`/v2/slots/overview?slotStatus=${incident.slotStatus}&pageSize=10`);
      expect(slots, incident.slotStatus).toHaveLength(1);
      const slot = slots[0]!;
      await shared.page.goto(`${demo.url}/ui/sequences/${slot.slotSequenceId}?view=month&month=${slot.tag.slice(0, 7)}`);
      await shared.page.waitForSelector(byTestId('calendar-cell'));
      expect(await shared.page.textContent(byTestId('page-title'))).toContain(sequenceKey(slot).split('/').join(' / '));

      const cell = shared.page.locator(`${byTestId('calendar-cell')}[data-tag="${slot.tag}"]`);
      expect(await cell.getAttribute('data-health')).toBe(incident.health);
      expect(await cell.getAttribute('data-tone')).toBe(incident.tone);
      expect(Number(await cell.getAttribute('data-slot-id'))).toBe(slot.slotId);
      // The colour on screen is the palette's colour for that state.
      const shown = await cell.evaluate((element) => getComputedStyle(element).backgroundColor);
      const palette = await shared.page.evaluate((tone) => getComputedStyle(document.documentElement).getPropertyValue(`--tone-${tone}-bg`), incident.tone);
      expect(shown).toBe(hexToRgb(palette));
      colours.add(shown);
      // The cell is in the grid under its day of the month.
      expect(await cell.textContent()).toContain(String(Number(slot.tag.slice(8, 10))));

      // No other day of this month shows this state.
      const sameHealth = await shared.page.locator(`${byTestId('calendar-cell')}[data-health="${incident.health}"]`).evaluateAll((cells) => cells.map((one) => one.getAttribute('data-tag')));
      expect(sameHealth).toEqual([slot.tag]);
    }
    const delivered = await shared.page.locator(`${byTestId('calendar-cell')}[data-health="Delivered"]`).first().evaluate((element) => getComputedStyle(element).backgroundColor);
    colours.add(delivered);
    expect(colours.size).toBe(INCIDENTS.length + 1);
  });

  it('each slot the wire API calls delivered is green, except the one whose checks failed (and let it through): that one is in the quality colour', async () => {
    const { slots } = await wire.get<WireSlotPage>('/v2/slots/overview?slotStatus=Delivered&pageSize=500');
    const dailySales = slots.filter((one) => sequenceKey(one) === 'acme/daily-sales');
    expect(dailySales.length).toBeGreaterThan(5);
    const sequenceId = dailySales[0]!.slotSequenceId;
    const shown: Record<string, string> = {};
    for (const month of new Set(dailySales.map((one) => one.tag.slice(0, 7)))) {
      await shared.page.goto(`${demo.url}/ui/sequences/${sequenceId}?view=month&month=${month}`);
      await shared.page.waitForSelector(`${byTestId('calendar-cell')}[data-tag^="${month}"]`);
      const cells = await shared.page.locator(byTestId('calendar-cell')).evaluateAll((all) => all.map((one) => [one.getAttribute('data-tag')!, `${one.getAttribute('data-health')}/${one.getAttribute('data-tone')}`] as const));
      Object.assign(shown, Object.fromEntries(cells));
    }
    const flagged = dailySales.filter((one) => shown[one.tag] === 'QualityFailed/quality');
    const green = dailySales.filter((one) => shown[one.tag] === 'Delivered/delivered');
    expect(green.length + flagged.length).toBe(dailySales.length);
    // The demo fails one uniqueness check of acme/daily-sales, with action "warn".
    expect(flagged).toHaveLength(1);
    const quality = await wire.get<WireQuality>(`/v2/slots/${flagged[0]!.slotId}/submissions/${flagged[0]!.lastSubmissionId}/quality`);
    expect(quality.collections.map((collection) => collection.success)).toEqual([false]);
    expect(Object.values(shown).filter((value) => value.startsWith('QualityFailed'))).toHaveLength(1);

    await shared.page.click(byTestId('calendar-view-week'));
    await shared.page.waitForSelector(`${byTestId('calendar')}[data-view="week"]`);
    expect(shared.page.url()).toContain('view=week');
  });
});
