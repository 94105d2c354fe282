import { describe, expect, it } from 'vitest';
import type { StatusEvent } from '../src/api/types';
import { buildTimeline, isTerminalStatus } from '../src/submission/timeline';

let nextId = 1;
function event(stage: string | null, status: string, at: string, message: string | null = null): StatusEvent {
  return { statusId: nextId++, runId: null, status, stage, type: null, message, modifiedBy: null, createdOn: at };
}

describe('buildTimeline', () => {
  it('spans each stage from its first event to its Completed or Failed, on one axis', () => {
    const timeline = buildTimeline([
      event('Submission', 'Completed', '2026-12-04T09:10:00Z'),
      event('Submission', 'In Progress', '2026-12-04T09:00:00Z'),
      event('load', 'In Progress', '2026-12-04T09:02:00Z'),
      event('load', 'Completed', '2026-12-04T09:07:00Z'),
    ]);
    expect(timeline.stages.map((stage) => stage.stage)).toEqual(['Submission', 'load']);
    const [submission, load] = timeline.stages;
    expect(submission).toMatchObject({ status: 'Completed', durationMs: 600_000, offsetPercent: 0, widthPercent: 100 });
    expect(load).toMatchObject({ status: 'Completed', durationMs: 300_000, offsetPercent: 20, widthPercent: 50 });
    expect(timeline.end).toBe(Date.parse('2026-12-04T09:10:00Z'));
  });

  it('keeps a running stage open up to now', () => {
    const now = Date.parse('2026-12-04T09:10:00Z');
    const timeline = buildTimeline([event('load', 'In Progress', '2026-12-04T09:00:00Z'), event('check', 'Failed', '2026-12-04T09:05:00Z')], now);
    const [load, check] = timeline.stages;
    expect(load).toMatchObject({ end: null, durationMs: null, widthPercent: 100 });
    expect(check).toMatchObject({ status: 'Failed', durationMs: 0, offsetPercent: 50 });
    expect(timeline.end).toBeNull();
  });

  it('times a stage that reported only its end from the end of the stage before it, and the run from its start', () => {
    const runStart = Date.parse('2026-12-04T09:00:00Z');
    const timeline = buildTimeline(
      [
        event('extract', 'Completed', '2026-12-04T09:04:00Z'),
        event('load', 'Completed', '2026-12-04T09:10:00Z'),
        event('check', 'In Progress', '2026-12-04T09:11:00Z'),
        event('check', 'Completed', '2026-12-04T09:12:00Z'),
        event('Submission', 'Completed', '2026-12-04T09:12:00Z'),
      ],
      Date.parse('2026-12-04T10:00:00Z'),
      runStart,
    );
    const [extract, load, check, run] = timeline.stages;
    expect(extract).toMatchObject({ start: runStart, startInferred: true, durationMs: 240_000, offsetPercent: 0 });
    expect(load).toMatchObject({ start: Date.parse('2026-12-04T09:04:00Z'), startInferred: true, durationMs: 360_000 });
    expect(check).toMatchObject({ startInferred: false, durationMs: 60_000 });
    expect(run).toMatchObject({ start: runStart, startInferred: true, durationMs: 720_000, widthPercent: 100 });
    // Without the run's start, the first stage and the run stay a point in time, not a guess.
    expect(buildTimeline([event('extract', 'Completed', '2026-12-04T09:04:00Z')]).stages[0]).toMatchObject({ startInferred: false, durationMs: 0 });
  });

  it('puts events without a stage under the run, and handles no events', () => {
    expect(buildTimeline([event(null, 'Completed', '2026-12-04T09:00:00Z')]).stages[0]?.stage).toBe('(run)');
    expect(buildTimeline([])).toEqual({ stages: [], start: null, end: null });
  });

  it('knows the terminal statuses', () => {
    expect(isTerminalStatus('Completed')).toBe(true);
    expect(isTerminalStatus('Failed')).toBe(true);
    expect(isTerminalStatus('In Progress')).toBe(false);
  });
});
