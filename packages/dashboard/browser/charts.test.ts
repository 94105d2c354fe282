import { describe, expect, inject, it } from 'vitest';
import { byTestId } from './support/pages.js';
import { useSignedInPage } from './support/suite.js';
import { WireReader } from './support/wire.js';
import type { WireSlotPage } from './support/wire-types.js';

const demo = inject('demo');
const shared = useSignedInPage(demo.url, demo.reader);
const wire = new WireReader(demo.url, demo.admin);

describe('a metric trend chart', () => {
  it("plots one point per run of the sequence, the failed run marked, and draws them", async () => {
    const { slots: failed } = await wire.get<WireSlotPage>('/v2/slots/overview?slotStatus=Failed&pageSize=10');
    const failedSlot = failed[0]!;
    const { slots } = await wire.get<WireSlotPage>(`/v2/slots/overview?slotSequenceId=${failedSlot.slotSequenceId}&minSubmissions=1&pageSize=500`);
    // The page runs under the server's strict CSP: a blocked script, style or connection shows up in the console.
    const blocked: string[] = [];
    shared.page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
    await shared.page.goto(`${demo.url}/ui/sequences/${failedSlot.slotSequenceId}?days=90`);
    const response = await shared.page.request.get(shared.page.url());
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    const chart = shared.page.locator(`${byTestId('metric-chart')}[data-series="load/rows_loaded"]`);
    await chart.waitFor();
    // Every run records rows_loaded, the failed one too (0 rows): one point per slot with a run.
    expect(Number(await chart.getAttribute('data-points'))).toBe(slots.length);
    expect(Number(await chart.getAttribute('data-failed-points'))).toBe(1);

    await chart.locator('summary').click();
    const points = chart.locator(byTestId('metric-point'));
    // The table is built when opened: wait for its last row.
    await points.nth(slots.length - 1).waitFor();
    expect(await points.count()).toBe(slots.length);
    const failedRow = chart.locator(`${byTestId('metric-point')}[data-failed="true"]`);
    expect(await failedRow.count()).toBe(1);
    expect(await failedRow.textContent()).toContain(failedSlot.tag);
    expect(((await points.allTextContents()).map((text) => text.slice(0, 10))).sort()).toEqual(slots.map((slot) => slot.tag).sort());

    // uPlot drew on its canvas: pixels other than the background (polled: it draws on its own schedule).
    const painted = () =>
      chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let index = 3; index < data.length; index += 4) if (data[index]! > 0) count++;
        return { count, width: canvas.width };
      });
    await expect.poll(async () => (await painted()).count, { timeout: 10_000 }).toBeGreaterThan(500);
    expect((await painted()).width).toBeGreaterThan(100);
    expect(blocked).toEqual([]);
  });
});
