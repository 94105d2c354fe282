import { afterEach, describe, expect, it } from 'vitest';
import { MetricHistoryRepository, type SeriesQuery } from '../../src/storage/repositories/metric-series.js';
import { complete, newSubmission } from '../submissions/api.js';
import { setClock } from '../submissions/support.js';
import { estate, fail, nineOn, record, type Estate } from './estate.js';

let e: Estate | undefined;
afterEach(async () => e?.t.close());

const series = (query: Partial<SeriesQuery> & { slotSequenceId: number }) => new MetricHistoryRepository(e!.t.database.db).series({ metric: 'rows', stage: 'load', ...query });
const compact = (page: Awaited<ReturnType<typeof series>>) => page.points.map((point) => [point.tag, point.value, point.submissionStatus]);

describe('MetricHistoryRepository.series', () => {
  it("gives one point per slot from its latest completed submission; a later failed or open run does not replace it; strings are counted, not plotted", async () => {
    e = await estate();
    const page = await series({ slotSequenceId: e.sequenceId });
    expect(compact(page)).toEqual([
      ['2026-11-20', 100, 'CompletedWithoutFailures'],
      ['2026-11-21', 110, 'CompletedWithoutFailures'],
      ['2026-11-25', 150.5, 'CompletedWithoutFailures'],
    ]);
    // 2026-11-22's latest completed run recorded 'n/a': left out and counted; 23 (open) and 24 (failed) have no completed run.
    expect(page.nonNumeric).toBe(1);
    expect(page.truncated).toBe(false);
    expect(page.points[0]).toEqual({
      slotId: e.slots['2026-11-20'],
      tag: '2026-11-20',
      slotTime: nineOn('2026-11-20'),
      expectedBy: nineOn('2026-11-20'),
      submissionId: e.subs.d20,
      submissionStatus: 'CompletedWithoutFailures',
      value: 100,
      recordedOn: Date.parse('2026-11-20T08:00:00Z'),
    });
    expect(page.points[1]!.submissionId).toBe(e.subs.d21a);
  });

  it('every: one point per submission with its status, in slot then submission order', async () => {
    e = await estate();
    const page = await series({ slotSequenceId: e.sequenceId, every: true });
    expect(page.points.map((point) => [point.tag, point.submissionId, point.value, point.submissionStatus])).toEqual([
      ['2026-11-20', e.subs.d20, 100, 'CompletedWithoutFailures'],
      ['2026-11-21', e.subs.d21a, 110, 'CompletedWithoutFailures'],
      ['2026-11-21', e.subs.d21b, 7, 'Failed'],
      ['2026-11-22', e.subs.d22a, 90, 'CompletedWithoutFailures'],
      ['2026-11-23', e.subs.d23, 130, 'InProgress'],
      ['2026-11-24', e.subs.d24, 140, 'Failed'],
      ['2026-11-25', e.subs.d25, 150.5, 'CompletedWithoutFailures'],
    ]);
    expect(page.nonNumeric).toBe(1);
  });

  it('stage null is the submission-level value, a named stage only that stage', async () => {
    e = await estate();
    const level = await series({ slotSequenceId: e.sequenceId, stage: null });
    expect(compact(level)).toEqual([['2026-11-20', 1, 'CompletedWithoutFailures'], ['2026-11-22', 3, 'CompletedWithoutFailures']]);
    expect(level.nonNumeric).toBe(0);
    expect((await series({ slotSequenceId: e.sequenceId, stage: 'Load' })).points).toEqual([]);
    expect((await series({ slotSequenceId: e.sequenceId, metric: 'other' })).points).toEqual([]);
  });

  it('follows the submissions: a later completion replaces the point, a re-recorded value too, a later failure does not', async () => {
    e = await estate();
    const slotId = e.slots['2026-11-25']!;
    setClock(e.t, '2026-11-27T13:00:00Z');
    const rerun = await newSubmission(e.t, slotId);
    await record(e.t, slotId, rerun, 'load', [{ metric: 'rows', value: 155 }]);
    expect((await series({ slotSequenceId: e.sequenceId })).points.at(-1)!.value).toBe(150.5);
    await complete(e.t, slotId, rerun);
    expect((await series({ slotSequenceId: e.sequenceId })).points.at(-1)).toMatchObject({ submissionId: rerun, value: 155 });
    await record(e.t, slotId, rerun, 'load', [{ metric: 'rows', value: 156 }]);
    expect((await series({ slotSequenceId: e.sequenceId })).points.at(-1)).toMatchObject({ submissionId: rerun, value: 156 });
    const failing = await newSubmission(e.t, slotId);
    await record(e.t, slotId, failing, 'load', [{ metric: 'rows', value: 1 }]);
    await fail(e.t, slotId, failing);
    expect((await series({ slotSequenceId: e.sequenceId })).points.at(-1)).toMatchObject({ submissionId: rerun, value: 156 });
  });

  it('ranges are inclusive slot-time bounds; before excludes its own slot; desc with a limit gives the last N', async () => {
    e = await estate();
    const range = await series({ slotSequenceId: e.sequenceId, from: nineOn('2026-11-21'), to: nineOn('2026-11-25') });
    expect(range.points.map((point) => point.tag)).toEqual(['2026-11-21', '2026-11-25']);
    expect((await series({ slotSequenceId: e.sequenceId, from: nineOn('2026-11-21') + 1, to: nineOn('2026-11-25') - 1 })).points).toEqual([]);
    const lastTwo = await series({ slotSequenceId: e.sequenceId, every: true, order: 'desc', limit: 2, before: nineOn('2026-11-25') });
    expect(lastTwo.points.map((point) => point.tag)).toEqual(['2026-11-24', '2026-11-23']);
    expect(lastTwo.truncated).toBe(true);
  });

  it('pages with after: no point twice or lost, strings counted once, in both orders', async () => {
    e = await estate();
    for (const order of ['asc', 'desc'] as const) {
      const all = await series({ slotSequenceId: e.sequenceId, every: true, order });
      const seen: number[] = [];
      let nonNumeric = 0;
      let after: SeriesQuery['after'];
      for (let guard = 0; guard < 10; guard += 1) {
        const page = await series({ slotSequenceId: e.sequenceId, every: true, order, limit: 2, after });
        seen.push(...page.points.map((point) => point.submissionId));
        nonNumeric += page.nonNumeric;
        if (!page.truncated) break;
        after = page.points.at(-1);
      }
      expect(seen).toEqual(all.points.map((point) => point.submissionId));
      expect(nonNumeric).toBe(1);
    }
  });

  it('unscheduled slots are ordered by their creation time and have no expectedBy', async () => {
    e = await estate();
    const page = await series({ slotSequenceId: e.unscheduledId });
    expect(page.points.map((point) => [point.tag, point.value, point.expectedBy, point.slotTime])).toEqual([
      ['batch-1', 10, null, Date.parse('2026-11-20T12:00:00Z')],
      ['batch-2', 20, null, Date.parse('2026-11-21T12:00:00Z')],
    ]);
  });

  it('reads past many strings to fill the limit', async () => {
    e = await estate();
    const slotId = e.slots['2026-11-25']!;
    for (let index = 0; index < 70; index += 1) {
      setClock(e.t, new Date(Date.parse('2026-11-27T13:00:00Z') + index * 1000).toISOString());
      const submissionId = await newSubmission(e.t, slotId);
      await record(e.t, slotId, submissionId, 'load', [{ metric: 'rows', value: `text ${index}` }]);
    }
    const page = await series({ slotSequenceId: e.sequenceId, every: true, order: 'desc', limit: 2 });
    expect(page.points.map((point) => [point.tag, point.value])).toEqual([['2026-11-25', 150.5], ['2026-11-24', 140]]);
    expect(page.nonNumeric).toBe(70);
    expect(page.truncated).toBe(true);
  });
});
