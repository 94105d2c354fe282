// Reads a sample of the seeded rows back through the running server's HTTP API and compares
// them with what the generator wrote: proof that the seed is what the services would have made.
import { slotStatus } from '../../packages/server/src/domain/slot-status.js';
import type { BenchServer } from '../lib/server.js';
import type { SeedSlot } from './dataset.js';
import { getJson } from './measure.js';
import { query } from './queries.js';
import type { SeedResult } from './seed.js';

interface OverviewSlot {
  slotId: number;
  tag: string;
  slotStatus: string;
  expectedBy: string | null;
  submissions: number;
  lastSubmissionId: number | null;
  lastSubmissionStatus: string | null;
}

interface OverviewSequence {
  slotSequenceId: number;
  slots: number;
  overdueCount: number;
  failedCount: number;
}

/** Throws on the first mismatch; returns how many facts were compared. */
export async function verifySeed(server: BenchServer, seed: SeedResult): Promise<number> {
  let compared = 0;
  const expect = (what: string, actual: unknown, wanted: unknown) => {
    compared++;
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) throw new Error(`seed read-back: ${what} is ${JSON.stringify(actual)}, seeded ${JSON.stringify(wanted)}`);
  };
  const read = async <T>(path: string): Promise<T> => {
    const { status, body } = await getJson(server, path);
    if (status !== 200) throw new Error(`seed read-back: GET ${path} answered ${status}`);
    return body as T;
  };
  const now = Date.now();
  const statusNow = (slot: SeedSlot) => slotStatus({ expectedBy: slot.expectedBy, lastSubmissionStatus: slot.lastSubmissionStatus, deliveredOn: slot.deliveredOn }, now);

  // Nothing to materialise: the slots overview counts exactly the seeded slots.
  const all = await read<{ totalCount: number }>(`/v2/slots/overview?${query({ pageSize: 1 })}`);
  expect('slots totalCount', all.totalCount, seed.slots.length);

  // A sample of slots, one of each status where there is one, and their roll-ups.
  const sample = [...new Map(seed.slots.map((slot) => [statusNow(slot), slot])).values()];
  const listed = await read<{ slots: OverviewSlot[] }>(`/v2/slots/overview?${query({ slotId: sample.map((slot) => String(slot.id)), pageSize: 50 })}`);
  for (const slot of sample) {
    const row = listed.slots.find((item) => item.slotId === slot.id);
    expect(`slot ${slot.id}`, row && [row.tag, row.slotStatus, row.expectedBy, row.submissions, row.lastSubmissionId, row.lastSubmissionStatus], [
      slot.tag,
      statusNow(slot),
      new Date(slot.expectedBy).toISOString(),
      slot.submissionCount,
      slot.lastSubmissionId,
      slot.lastSubmissionStatus,
    ]);
    if (slot.lastSubmissionId === null) continue;
    const definition = await read<{ slot: { slotStatus: string }; submission: { lastSubmissionStatus: string } }>(`/v2/slots/${slot.id}/submissions/${slot.lastSubmissionId}`);
    expect(`slot ${slot.id} via its submission`, [definition.slot.slotStatus, definition.submission.lastSubmissionStatus], [statusNow(slot), slot.lastSubmissionStatus]);
    const events = await read<{ statuses: Array<{ stage: string; status: string }> }>(`/slots/${slot.id}/submissions/${slot.lastSubmissionId}/status`);
    expect(`submission ${slot.lastSubmissionId} first event`, [events.statuses[0]?.stage, events.statuses[0]?.status], ['Submission', 'In Progress']);
  }

  // Per-sequence counts of the sequences overview against the seeded slots.
  const client = seed.sequences[7]!.name[0]!.value;
  const sequences = await read<{ slotSequences: OverviewSequence[] }>(`/v2/slotsequences/overview?${query({ slotSequenceDefinitionValues: client, pageSize: 10 })}`);
  expect(`sequences of client ${client}`, sequences.slotSequences.length, seed.sequences.filter((sequence) => sequence.name[0]!.value === client).length);
  for (const item of sequences.slotSequences) {
    const own = seed.slots.filter((slot) => slot.sequenceId === item.slotSequenceId);
    expect(`sequence ${item.slotSequenceId} counts`, [item.slots, item.overdueCount, item.failedCount], [
      own.length,
      own.filter((slot) => statusNow(slot) === 'Overdue').length,
      own.filter((slot) => statusNow(slot) === 'Failed').length,
    ]);
  }
  return compared;
}
