import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';

function capture(): { write(text: string): boolean; text: () => string } {
  let text = '';
  return {
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

describe('runDemo', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'lucots-run-demo-')), '.luco');
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('returns the summary, and the same summary when run again on the same data', async () => {
    const out = capture();
    const progress = capture();
    const first = await runDemo({ dataDir, port: 0, out, progressStream: progress, env: { NO_COLOR: '1' } });
    expect(first.totals.sequences).toBe(5);
    expect(first.sequences.map((s) => s.cadence)).toEqual(expect.arrayContaining(['daily', 'weekdays', 'weekly', null]));
    expect(first.slotsByStatus).toMatchObject({ DeliveredLate: 1, Overdue: 1, Failed: 1 });
    expect(first.slotsByStatus.Delivered).toBeGreaterThan(10);
    expect(first.latest.length).toBe(5);
    expect(first.latest[0]?.rowsLoaded).toBeGreaterThan(0);
    expect(out.text()).toContain('Luco server: http://127.0.0.1:');

    const again = await runDemo({ dataDir, port: 0, out: capture(), progressStream: capture(), env: { NO_COLOR: '1' } });
    expect(again).toEqual(first);
  });
});
