// The growth data set, generated in memory: 1,000 scheduled slot sequences, their daily (or
// weekday, weekly) slots going back from today, and the submissions and status events a real
// server would have recorded for them. Deterministic for a given size and clock.
import { addDays, expectedByInstant, expectedDatesBetween, instantToLocalDate, nextExpectedDateAfter, type DayOfWeek, type DeliverySchedule } from '../../packages/server/src/domain/schedule/index.js';
import type { SlotParameterGroup } from '../../packages/server/src/domain/slot-sequence.js';
import { lastSubmissionStatus, slotStatus, type SlotStatus } from '../../packages/server/src/domain/slot-status.js';
import type { NamePart } from '../../packages/server/src/wire/names.js';

export const SEQUENCES = 1000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const ZONES = [
  { timeZone: 'Europe/London', region: 'emea' },
  { timeZone: 'America/New_York', region: 'amer' },
  { timeZone: 'Asia/Tokyo', region: 'apac' },
  { timeZone: 'Europe/Berlin', region: 'emea' },
  { timeZone: 'UTC', region: 'global' },
] as const;
const TYPES = ['prices', 'positions', 'trades', 'reference', 'risk'] as const;
const WEEKLY_DAYS: DayOfWeek[] = ['Mon', 'Thu'];

export interface SeedSequence {
  id: number;
  name: NamePart[];
  type: string;
  schedule: DeliverySchedule;
  parameters: SlotParameterGroup[];
  /** Today in the schedule's zone: every expected slot up to it exists. */
  materializedThrough: string;
  /** The expected dates that get slots, oldest first (the last ones up to today). */
  dates: string[];
  createdOn: number;
}

/** A slot as seeded, with the facts the queries and the read-back checks use. */
export interface SeedSlot {
  id: number;
  sequenceId: number;
  tag: string;
  expectedBy: number;
  /** What the generator aimed for; `status` is what the server's rule derives from the rows. */
  intended: SlotStatus;
  status: SlotStatus;
  submissionCount: number;
  lastSubmissionId: number | null;
  lastSubmissionStatus: string | null;
  deliveredOn: number | null;
  createdOn: number;
  updatedOn: number;
}

export interface SeedSubmission {
  id: number;
  slotId: number;
  status: 'In Progress' | 'Completed' | 'Failed';
  hasFailures: boolean;
  startedOn: number;
  endedOn: number | null;
  updatedOn: number;
}

export interface SeedEvent {
  submissionId: number;
  runId: string;
  status: string;
  stage: string;
  type: string | null;
  message: string | null;
  createdOn: number;
}

/** A small deterministic PRNG (mulberry32), so both databases get the same data. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function slotCountFor(submissions: number): number {
  return Math.max(SEQUENCES, Math.round(submissions / 10));
}

/**
 * The sequences, each with its share of `slotCount` slots on its latest expected dates (or, when
 * given, `shares[i]` slots for sequence i + 1).
 */
export function buildSequences(slotCount: number, now: number, shares: readonly number[] = apportion(slotCount)): SeedSequence[] {
  if (shares.length !== SEQUENCES) throw new Error(`${shares.length} shares for ${SEQUENCES} sequences`);
  const out: SeedSequence[] = [];
  for (let index = 0; index < SEQUENCES; index++) {
    const id = index + 1;
    const zone = ZONES[index % ZONES.length]!;
    const cadenceRoll = index % 20;
    const cadence = cadenceRoll < 14 ? 'daily' : cadenceRoll < 19 ? 'weekdays' : 'weekly';
    const hour = 5 + (index % 13);
    const draft: DeliverySchedule = {
      isActive: true,
      cadence,
      ...(cadence === 'weekly' ? { daysOfWeek: WEEKLY_DAYS } : {}),
      expectedBy: `${String(hour).padStart(2, '0')}:${index % 2 === 0 ? '00' : '30'}`,
      timeZone: zone.timeZone,
      startDate: '2000-01-01',
      endDate: null,
    };
    const wanted = shares[index]!;
    const today = instantToLocalDate(now, zone.timeZone);
    const dates = wanted === 0 ? [] : expectedDatesBetween(draft, addDays(today, -(wanted * 4 + 14)), today).slice(-wanted);
    if (dates.length !== wanted) throw new Error(`sequence ${id}: got ${dates.length} dates, wanted ${wanted}`);
    // A sequence without slots yet starts on its next expected date.
    const startDate = dates[0] ?? nextExpectedDateAfter(draft, today) ?? today;
    const schedule: DeliverySchedule = { ...draft, startDate };
    out.push({
      id,
      name: [
        { key: 'client', value: `c${String(Math.floor(index / 4)).padStart(4, '0')}` },
        { key: 'feed', value: `f${index % 4}` },
        { key: 'region', value: zone.region },
      ],
      type: TYPES[index % TYPES.length]!,
      schedule,
      parameters: [
        { slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: `/landing/c${index}/feed${index % 4}` }, { key: 'format', value: index % 3 === 0 ? 'parquet' : 'csv' }] },
        { slotParameterGroupName: 'quality', slotParameters: [{ key: 'minRows', value: String(100 * (1 + (index % 50))) }] },
      ],
      materializedThrough: today,
      dates,
      createdOn: Math.min(expectedByInstant(schedule, startDate), now) - 2 * 24 * HOUR,
    });
  }
  return out;
}

/**
 * How many slots each sequence gets: in proportion to a history length that varies 1..5 between
 * sequences (largest remainders), so even the smallest size has sequences with a few slots.
 */
export function apportion(slotCount: number): number[] {
  const weights = Array.from({ length: SEQUENCES }, (_, index) => 1 + (Math.floor(index / 3) % 5));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (slotCount * weight) / total);
  const shares = exact.map(Math.floor);
  let left = slotCount - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    shares[index]! += 1;
    left--;
  }
  return shares;
}

/** Every slot of every sequence, ordered by expectedBy (as a server creating them day by day would number them). */
export function planSlots(sequences: readonly SeedSequence[], submissions: number, now: number, seed = 7): SeedSlot[] {
  const rand = random(seed);
  const slots: SeedSlot[] = [];
  for (const sequence of sequences) {
    for (const date of sequence.dates) {
      const expectedBy = expectedByInstant(sequence.schedule, date);
      slots.push({
        id: 0,
        sequenceId: sequence.id,
        tag: date,
        expectedBy,
        intended: 'Awaiting',
        status: 'Awaiting',
        submissionCount: 0,
        lastSubmissionId: null,
        lastSubmissionStatus: null,
        deliveredOn: null,
        createdOn: Math.min(expectedBy - 6 * HOUR, now),
        updatedOn: 0,
      });
    }
  }
  slots.sort((a, b) => a.expectedBy - b.expectedBy || a.sequenceId - b.sequenceId);
  slots.forEach((slot, index) => {
    slot.id = index + 1;
    slot.intended = intendedStatus(slot.expectedBy, now, rand());
  });
  // Spread the submissions over the slots that have any: about submissions/slots each, from 1 up.
  const active = slots.filter((slot) => slot.intended !== 'Awaiting' && slot.intended !== 'Overdue');
  const base = Math.floor(submissions / active.length);
  if (base < 1) throw new Error(`${submissions} submissions cannot cover ${active.length} slots with submissions`);
  active.forEach((slot, index) => {
    slot.submissionCount = base + (index < submissions - base * active.length ? 1 : 0);
  });
  for (let index = 0; index + 1 < active.length; index += 2) {
    const a = active[index]!;
    const b = active[index + 1]!;
    const shift = Math.floor(rand() * Math.min(a.submissionCount, b.submissionCount));
    a.submissionCount += shift;
    b.submissionCount -= shift;
  }
  return slots;
}

function intendedStatus(expectedBy: number, now: number, roll: number): SlotStatus {
  if (expectedBy > now) return roll < 0.7 ? 'Awaiting' : roll < 0.9 ? 'InProgress' : 'Delivered';
  const recent = now - expectedBy < 3 * 24 * HOUR;
  if (roll < 0.74) return 'Delivered';
  if (roll < 0.84) return 'DeliveredLate';
  if (roll < 0.9) return 'Failed';
  if (roll < 0.95) return 'Overdue';
  return recent ? 'InProgress' : 'Failed';
}

/**
 * The submissions and status events of one slot (ids from `nextSubmissionId`), and the slot's
 * roll-up filled in from them by the server's own rules.
 */
export function fillSlot(slot: SeedSlot, firstSubmissionId: number, now: number, rand: () => number): { submissions: SeedSubmission[]; events: SeedEvent[] } {
  const submissions: SeedSubmission[] = [];
  const events: SeedEvent[] = [];
  const count = slot.submissionCount;
  const spacing = 10 * MINUTE;
  let start = slot.intended === 'DeliveredLate' ? slot.expectedBy + 30 * MINUTE + rand() * 2 * HOUR : slot.expectedBy - 3 * HOUR + rand() * HOUR;
  start = Math.floor(Math.min(start, now - (count + 1) * spacing));
  const withFailures = rand() < 0.1;
  for (let attempt = 0; attempt < count; attempt++) {
    const id = firstSubmissionId + attempt;
    const last = attempt === count - 1;
    const startedOn = start + attempt * spacing;
    const endedOn = startedOn + 5 * MINUTE + Math.floor(rand() * 3 * MINUTE);
    const status = submissionStatus(slot.intended, attempt, last, rand);
    const hasFailures = status === 'Failed' || (status === 'Completed' && last && withFailures);
    const runId = `run-${id}`;
    events.push({ submissionId: id, runId, status: 'In Progress', stage: 'Submission', type: null, message: null, createdOn: startedOn });
    if (status === 'Failed') {
      events.push({ submissionId: id, runId, status: 'Failed', stage: 'Load', type: 'Error', message: 'upstream file missing', createdOn: endedOn - 30_000 });
    } else if (hasFailures) {
      events.push({ submissionId: id, runId, status: 'Failed', stage: 'Validate', type: 'Warning', message: 'row count below threshold', createdOn: endedOn - 30_000 });
    }
    if (status !== 'In Progress') events.push({ submissionId: id, runId, status, stage: 'Submission', type: null, message: null, createdOn: endedOn });
    submissions.push({ id, slotId: slot.id, status, hasFailures, startedOn, endedOn: status === 'In Progress' ? null : endedOn, updatedOn: status === 'In Progress' ? startedOn : endedOn });
  }
  const lastSubmission = submissions[submissions.length - 1];
  const firstCompletion = submissions.find((submission) => submission.status === 'Completed');
  slot.lastSubmissionId = lastSubmission?.id ?? null;
  slot.lastSubmissionStatus = lastSubmission ? lastSubmissionStatus(lastSubmission) : null;
  slot.deliveredOn = firstCompletion?.endedOn ?? null;
  slot.updatedOn = Math.max(slot.createdOn, ...submissions.map((submission) => submission.updatedOn));
  slot.status = slotStatus({ expectedBy: slot.expectedBy, lastSubmissionStatus: slot.lastSubmissionStatus, deliveredOn: slot.deliveredOn }, now);
  return { submissions, events };
}

function submissionStatus(intended: SlotStatus, attempt: number, last: boolean, rand: () => number): SeedSubmission['status'] {
  switch (intended) {
    case 'Delivered':
    case 'DeliveredLate':
      // The first run delivers; reruns after it mostly complete too, and the last one did.
      return attempt === 0 || last || rand() < 0.8 ? 'Completed' : 'Failed';
    case 'InProgress':
      return last ? 'In Progress' : 'Failed';
    default:
      return 'Failed';
  }
}
