import { CollectionResult, type MetricsInput } from '@lucots/sdk';
import { isWeekend } from './calendar.js';
import type { DemoSequence } from './demo-sequences.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';

const MINUTE = 60_000;

export type StageName = 'extract' | 'load' | 'validate';

export interface StagePlan {
  name: StageName;
  endedOn: Date;
  metrics: MetricsInput;
  quality?: CollectionResult;
  /** The stage failed with this message (and the run with it). */
  failure?: string;
}

/** One run of the demo pipeline, worked out in full before anything is sent. */
export interface RunPlan {
  sequence: DemoSequence;
  slotId: number;
  tag: string;
  outcome: 'onTime' | 'late' | 'failed';
  startedOn: Date;
  endedOn: Date;
  stages: StagePlan[];
  failure?: string;
}

export interface SlotToPlan {
  slotId: number;
  tag: string;
  /** The calendar date the run is about. */
  date: string;
  /** Position from the history's start date, for the sequence's incidents. */
  ordinal: number;
  /** null for unscheduled slots. */
  expectedBy: Date | null;
}

/**
 * What the pipeline did for one slot, from nothing but the sequence, the slot and a seed of the
 * two: the same on every run and machine. Undefined when the delivery never came.
 */
export function planRun(sequence: DemoSequence, slot: SlotToPlan): RunPlan | undefined {
  const incident = sequence.incidents[slot.ordinal];
  if (incident === 'missing') return undefined;
  const random = seededRandom(`${sequence.key}:${slot.tag}`);

  // On time: start 40-70 minutes before the deadline (the stages take under 30). Late: well after.
  // Unscheduled runs have no deadline: early afternoon UTC on their date.
  const startedOn = slot.expectedBy
    ? new Date(slot.expectedBy.getTime() + (incident === 'late' ? random.int(80, 110) : -random.int(40, 70)) * MINUTE)
    : new Date(Date.parse(`${slot.date}T13:00:00Z`) + random.int(0, 30) * MINUTE);
  const after = (from: Date, minMinutes: number, maxMinutes: number) => new Date(from.getTime() + random.int(minMinutes * 60, maxMinutes * 60) * 1000);

  const rows = Math.round(sequence.rows * (isWeekend(slot.date) ? 0.55 : 1) * (0.85 + 0.3 * random.next()));
  const extract: StagePlan = {
    name: 'extract',
    endedOn: after(startedOn, 3, 8),
    metrics: { rows_extracted: rows, files: random.int(1, 4), source: sequence.source },
  };
  if (incident === 'failed') {
    const failure = `load into ${sequence.dataSet} failed: ${sequence.source} answered 503 Service Unavailable on 3 attempts`;
    const load: StagePlan = { name: 'load', endedOn: after(extract.endedOn, 1, 3), metrics: { rows_loaded: 0 }, failure };
    return { ...base(sequence, slot), outcome: 'failed', startedOn, endedOn: load.endedOn, stages: [extract, load], failure };
  }

  const rejected = random.int(0, Math.round(rows * 0.002));
  const load: StagePlan = {
    name: 'load',
    endedOn: after(extract.endedOn, 6, 14),
    metrics: { rows_loaded: rows - rejected, rows_rejected: rejected },
  };
  const validateEnd = after(load.endedOn, 1, 4);
  const quality = qualityChecks(sequence, rows, incident === 'failingCheck', random, load.endedOn, validateEnd);
  const failedChecks = quality.checks.filter((check) => !check.success).length;
  const validate: StagePlan = {
    name: 'validate',
    endedOn: validateEnd,
    metrics: { checks_run: quality.checks.length, checks_failed: failedChecks },
    quality,
  };
  return { ...base(sequence, slot), outcome: incident === 'late' ? 'late' : 'onTime', startedOn, endedOn: validateEnd, stages: [extract, load, validate] };
}

function base(sequence: DemoSequence, slot: SlotToPlan): Pick<RunPlan, 'sequence' | 'slotId' | 'tag'> {
  return { sequence, slotId: slot.slotId, tag: slot.tag };
}

/**
 * The validate stage's checks. The failing one warns rather than stops (`onFail.action` is not
 * `fail`), so that day is delivered with a quality problem on record, as often happens for real.
 */
function qualityChecks(sequence: DemoSequence, rows: number, failing: boolean, random: SeededRandom, start: Date, end: Date): CollectionResult {
  const min = Math.round(sequence.rows * 0.4);
  const max = Math.round(sequence.rows * 1.5);
  const duplicates = failing ? random.int(20, 60) : 0;
  return new CollectionResult({
    name: `${sequence.key} checks`,
    tool: 'lucots-demo',
    dataSet: sequence.dataSet,
    start,
    end,
    checks: [
      { check: '$column values must never be null.', checkArgs: { column: sequence.keyColumn }, success: true, tags: ['completeness'], onFail: { action: 'fail' } },
      {
        check: '$column values must be unique.',
        checkArgs: { column: sequence.keyColumn },
        success: !failing,
        tags: ['uniqueness'],
        observed: { duplicates },
        onFail: { action: 'warn' },
      },
      { check: 'Row count must be between $min and $max.', checkArgs: { min, max }, success: rows >= min && rows <= max, tags: ['volume'], observed: { rowCount: rows } },
      { check: '$column must be less than $hours hours old.', checkArgs: { column: 'extracted_at', hours: 24 }, success: true, tags: ['timeliness'] },
    ],
  });
}
