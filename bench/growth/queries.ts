// The read queries the growth benchmark times, with realistic parameters drawn from the seeded
// data, and a check of each answer (a benchmark of empty pages or 404s would prove nothing).
import type { SeedSequence, SeedSlot } from './dataset.js';
import type { SeedResult } from './seed.js';

const DAY = 86_400_000;
/** The deep page: page 40 of 20 exists at every scale (1,000 sequences, at least 1,000 slots). */
const DEEP_PAGE = 40;
const PAGE_SIZE = 20;
/** Different parameters per sample, so no single cached row answers them all. */
const VARIANTS = 20;

export interface GrowthQuery {
  name: string;
  /** Request paths (with query strings), used in turn. */
  paths: string[];
  /** A problem with a 200 answer's body, or undefined when it is what the data predicts. */
  check(body: unknown): string | undefined;
}

export function growthQueries(seed: SeedResult): GrowthQuery[] {
  const { now, sequences, slots } = seed;
  const bySequence = new Map(sequences.map((sequence) => [sequence.id, sequence]));
  const iso = (ms: number) => new Date(ms).toISOString();
  const clients = spread(
    [...new Set(sequences.map((sequence) => sequence.name[0]!.value))],
    VARIANTS,
  );
  // References for the closest search and slot lookups: recent slots with a submission whose
  // sequence delivered at least a day earlier, over many sequences.
  const firstDelivery = new Map<number, number>();
  for (const slot of slots) {
    if (slot.deliveredOn !== null && !firstDelivery.has(slot.sequenceId)) firstDelivery.set(slot.sequenceId, slot.expectedBy);
  }
  const recent = spread(
    slots.filter((slot) => slot.lastSubmissionId !== null && slot.expectedBy <= now && slot.expectedBy > now - 3 * DAY && (firstDelivery.get(slot.sequenceId) ?? Infinity) <= slot.expectedBy - DAY),
    VARIANTS,
  );
  const delivered = spread(sequencesWith(slots, (slot) => slot.deliveredOn !== null), VARIANTS);
  const windowStart = now - 7 * DAY;
  const deliveredInWindow = spread(sequencesWith(slots, (slot) => slot.deliveredOn !== null && slot.expectedBy >= windowStart), VARIANTS);
  const definition = (id: number) => definitionParams(bySequence.get(id)!);

  return [
    {
      name: 'sequences overview: first page',
      paths: [overview('slotsequences', { pageNumber: 1, pageSize: PAGE_SIZE })],
      check: pageOf('slotSequences', PAGE_SIZE),
    },
    {
      name: `sequences overview: page ${DEEP_PAGE}`,
      paths: [overview('slotsequences', { pageNumber: DEEP_PAGE, pageSize: PAGE_SIZE })],
      check: pageOf('slotSequences', PAGE_SIZE),
    },
    {
      name: 'sequences overview: region+cadence, by name',
      paths: ['emea', 'amer', 'apac'].map((region) => overview('slotsequences', { slotSequenceDefinitionValues: region, cadence: 'daily', sortBy: 'slotSequence', pageNumber: 2, pageSize: PAGE_SIZE })),
      check: pageOf('slotSequences', 1),
    },
    {
      name: 'sequences overview: by failed desc',
      paths: [overview('slotsequences', { sortBy: 'failed', sortDir: 'desc', pageNumber: 1, pageSize: PAGE_SIZE })],
      check: pageOf('slotSequences', PAGE_SIZE),
    },
    {
      name: 'sequences overview: overdue>=1, by lastDelivery',
      paths: [overview('slotsequences', { overdueCountStart: 1, sortBy: 'lastDelivery', sortDir: 'desc', pageNumber: 1, pageSize: PAGE_SIZE })],
      check: pageOf('slotSequences', 1),
    },
    {
      name: 'slots overview: first page',
      paths: [overview('slots', { pageNumber: 1, pageSize: PAGE_SIZE })],
      check: pageOf('slots', PAGE_SIZE),
    },
    {
      name: `slots overview: page ${DEEP_PAGE}`,
      paths: [overview('slots', { pageNumber: DEEP_PAGE, pageSize: PAGE_SIZE })],
      check: pageOf('slots', PAGE_SIZE),
    },
    {
      name: 'slots overview: Failed/Overdue last 7d, by expectedBy',
      paths: [overview('slots', { slotStatus: ['Failed', 'Overdue'], expectedByStart: iso(windowStart), expectedByEnd: iso(now), sortBy: 'expectedBy', sortDir: 'desc', pageNumber: 1, pageSize: PAGE_SIZE })],
      check: pageOf('slots', 1),
    },
    {
      name: 'slots overview: one client, by expectedBy',
      paths: clients.map((client) => overview('slots', { slotSequenceDefinitionValues: client, sortBy: 'expectedBy', sortDir: 'desc', pageNumber: 1, pageSize: PAGE_SIZE })),
      check: pageOf('slots', 1),
    },
    {
      name: `slots overview: by status, page ${DEEP_PAGE}`,
      paths: [overview('slots', { sortBy: 'status', sortDir: 'asc', pageNumber: DEEP_PAGE, pageSize: PAGE_SIZE })],
      check: pageOf('slots', PAGE_SIZE),
    },
    {
      name: 'slots overview: type+cadence, by updatedOn',
      paths: ['prices', 'trades', 'risk'].map((type) => overview('slots', { type, cadence: 'daily', sortBy: 'updatedOn', sortDir: 'desc', pageNumber: 1, pageSize: PAGE_SIZE })),
      check: pageOf('slots', 1),
    },
    {
      name: 'closest submission: historic, 1 day, completed',
      paths: recent.map((slot) => `/slots/${slot.id}/submissions/${slot.lastSubmissionId}/search?${query({ OnlyCompletedSubmissions: 'True', FindClosest: 'historic', TimeDifference: '1:00:00:00' })}`),
      check: hasNumber('slotSubmissionId'),
    },
    {
      name: 'closest submission: either, 7 days',
      paths: recent.map((slot) => `/slots/${slot.id}/submissions/${slot.lastSubmissionId}/search?${query({ OnlyCompletedSubmissions: 'False', FindClosest: 'either', TimeDifference: '7:00:00:00' })}`),
      check: hasNumber('slotSubmissionId'),
    },
    {
      name: 'submissions by sequence: latest delivered',
      paths: delivered.map((id) => `/slotsequences/submissions?${query({ SlotSequenceDefinition: definition(id) })}`),
      check: pageOf('slots', 1),
    },
    {
      name: 'submissions by sequence: all in 7 days',
      paths: deliveredInWindow.map(
        (id) => `/slotsequences/submissions?${query({ SlotSequenceDefinition: definition(id), OnlyLatestSlot: 'False', OnlyLatestSubmission: 'False', ExpectedAfterUtc: iso(windowStart).slice(0, 10) })}`,
      ),
      check: pageOf('slots', 1),
    },
    {
      name: 'slot search: by tag',
      paths: recent.map((slot) => `/slots/search/?${query({ Tag: slot.tag, SlotSequenceDefinition: definition(slot.sequenceId) })}`),
      check: hasNumber('slotId'),
    },
  ];
}

/** LucoPy's repeated `SlotSequenceDefinition` values (JSON form). */
export function definitionParams(sequence: SeedSequence): string[] {
  return sequence.name.map((part, position) => JSON.stringify({ position, key: part.key, value: part.value }));
}

export function query(params: Record<string, string | number | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, String(one));
  }
  return search.toString();
}

function overview(kind: 'slots' | 'slotsequences', params: Record<string, string | number | string[]>): string {
  return `/v2/${kind}/overview?${query(params)}`;
}

/** At least `least` items under `key`. */
function pageOf(key: string, least: number): (body: unknown) => string | undefined {
  return (body) => {
    const items = (body as Record<string, unknown>)[key];
    if (!Array.isArray(items)) return `no ${key} array`;
    return items.length >= least ? undefined : `${items.length} ${key}, expected at least ${least}`;
  };
}

function hasNumber(key: string): (body: unknown) => string | undefined {
  return (body) => (typeof (body as Record<string, unknown>)[key] === 'number' ? undefined : `no ${key}`);
}

/** Sequences that have a slot passing `test`. */
function sequencesWith(slots: readonly SeedSlot[], test: (slot: SeedSlot) => boolean): number[] {
  return [...new Set(slots.filter(test).map((slot) => slot.sequenceId))];
}

/** Up to `count` items spread evenly over `items`. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length === 0) throw new Error('the seeded data has nothing to query');
  const step = Math.max(1, Math.floor(items.length / count));
  const out: T[] = [];
  for (let index = 0; index < items.length && out.length < count; index += step) out.push(items[index]!);
  return out;
}
