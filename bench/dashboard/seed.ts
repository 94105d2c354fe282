// The dashboard benchmark's estate: the growth data set's 1,000 sequences (daily, weekday and
// weekly schedules in five zones, named client/feed/region, five types) with 100,000 slots,
// sequence 1 (daily) holding a year of them, seeded straight through the server's storage layer
// (importing them through the API would take minutes). Sequence 1's latest submissions also get
// two numeric metrics, so its page draws metric charts beside the run durations.
import { openDatabase } from '../../packages/server/src/storage/db.js';
import { apportion, SEQUENCES, type SeedSlot } from '../growth/dataset.js';
import { seedDatabase, type SeedResult } from '../growth/seed.js';

/** The sequence whose page is timed: daily, with YEAR_SLOTS slots. */
export const YEAR_SEQUENCE_ID = 1;
export const YEAR_SLOTS = 365;
const METRIC_ROWS_PER_STATEMENT = 5_000;

export interface DashboardSeed {
  seed: SeedResult;
  /** Slots by the status the server's rule gives them at the seed's clock. */
  slotStatuses: Record<string, number>;
  metricRows: number;
}

/** Slots per sequence: `slots` in all, sequence 1 exactly YEAR_SLOTS, the rest as the growth set apportions them. */
export function dashboardShares(slots: number): number[] {
  const others = apportion(slots - YEAR_SLOTS).slice(1);
  // apportion spread the total over all 1,000; what it gave sequence 1 goes to the others one by one.
  let left = slots - YEAR_SLOTS - others.reduce((sum, share) => sum + share, 0);
  for (let index = 0; left > 0; index = (index + 1) % others.length, left--) others[index]! += 1;
  const shares = [YEAR_SLOTS, ...others];
  if (shares.length !== SEQUENCES || shares.reduce((sum, share) => sum + share, 0) !== slots) throw new Error('dashboard shares do not add up');
  return shares;
}

export async function seedDashboard(target: string, slots: number, submissions: number, now: number): Promise<DashboardSeed> {
  const seed = await seedDatabase(target, submissions, now, { shares: dashboardShares(slots) });
  const yearSlots = seed.slots.filter((slot) => slot.sequenceId === YEAR_SEQUENCE_ID);
  if (yearSlots.length !== YEAR_SLOTS) throw new Error(`sequence ${YEAR_SEQUENCE_ID} got ${yearSlots.length} slots, wanted ${YEAR_SLOTS}`);
  const metricRows = await insertMetrics(target, yearSlots);
  const slotStatuses: Record<string, number> = {};
  for (const slot of seed.slots) slotStatuses[slot.status] = (slotStatuses[slot.status] ?? 0) + 1;
  return { seed, slotStatuses, metricRows };
}

/** Row count and null share of each slot's latest submission, as a pipeline would record them. */
async function insertMetrics(target: string, slots: readonly SeedSlot[]): Promise<number> {
  const rows = slots.flatMap((slot, index) => {
    if (slot.lastSubmissionId === null) return [];
    const at = slot.updatedOn;
    const rowCount = 90_000 + ((index * 7_919) % 20_000);
    return [
      { submission_id: slot.lastSubmissionId, stage: 'Load', metric: 'rowCount', value_json: JSON.stringify(rowCount), created_on: at },
      { submission_id: slot.lastSubmissionId, stage: 'Validate', metric: 'nullShare', value_json: JSON.stringify(((index * 37) % 100) / 1000), created_on: at },
    ];
  });
  const handle = openDatabase(target);
  try {
    for (let start = 0; start < rows.length; start += METRIC_ROWS_PER_STATEMENT) await handle.db.insertInto('metrics').values(rows.slice(start, start + METRIC_ROWS_PER_STATEMENT)).execute();
  } finally {
    await handle.close();
  }
  return rows.length;
}
