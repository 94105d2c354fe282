import type { LucoApi, RequestOptions } from '@lucots/sdk';
import { displayName } from './demo-sequences.js';
import { paintStatus, type Style } from './style.js';

/** Every slot status, in the order people look for trouble. */
export const SLOT_STATUSES = ['Delivered', 'DeliveredLate', 'Overdue', 'Failed', 'InProgress', 'Awaiting'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

const LATEST_COUNT = 5;

/** What the server holds after the demo: the same on a rerun the same day, as nothing is added. */
export interface DemoSummary {
  sequences: Array<{
    name: string;
    type: string | null;
    cadence: string | null;
    slots: number;
    overdue: number;
    failed: number;
    lastDelivery: string | null;
  }>;
  slotsByStatus: Record<SlotStatus, number> & Record<string, number>;
  totals: { sequences: number; slots: number; submissions: number };
  /** The most recently updated slots with a submission, newest first. */
  latest: Array<{ sequence: string; tag: string; status: string; slotId: number; submissionId: number | null; rowsLoaded: number | null }>;
}

/** Reads the summary back through the SDK's overviews, as any Luco client would. */
export async function collectSummary(luco: LucoApi, request: RequestOptions = {}): Promise<DemoSummary> {
  const sequences = await luco.slotSequencesOverview({ sortBy: 'slotSequence', sortDir: 'asc' }, request).toArray();
  const slots = await luco.slotsOverview({}, request).toArray();
  const slotsByStatus = Object.fromEntries(SLOT_STATUSES.map((status) => [status, 0])) as DemoSummary['slotsByStatus'];
  for (const slot of slots) {
    const status = slot.slotStatus ?? 'Unknown';
    slotsByStatus[status] = (slotsByStatus[status] ?? 0) + 1;
  }
  const recent = await luco.slotsOverview({ minSubmissions: 1, sortBy: 'updatedOn', sortDir: 'desc' }, { ...request, pageSize: LATEST_COUNT, limit: LATEST_COUNT }).toArray();
  const latest: DemoSummary['latest'] = [];
  for (const slot of recent) {
    const submissionId = typeof slot.lastSubmissionId === 'number' ? slot.lastSubmissionId : null;
    const rows = submissionId === null ? undefined : await luco.getSubmission(slot.slotId, submissionId).getMetric('load', 'rows_loaded', request);
    latest.push({
      sequence: displayName(slot.name),
      tag: slot.tag ?? '',
      status: slot.slotStatus ?? 'Unknown',
      slotId: slot.slotId,
      submissionId,
      rowsLoaded: typeof rows === 'number' ? rows : null,
    });
  }
  return {
    sequences: sequences.map((sequence) => ({
      name: displayName(sequence.name),
      type: sequence.type ?? null,
      cadence: sequence.cadence ?? null,
      slots: sequence.slots ?? 0,
      overdue: sequence.overdueCount ?? 0,
      failed: sequence.failedCount ?? 0,
      lastDelivery: sequence.lastDeliverySlot?.tag ?? null,
    })),
    slotsByStatus,
    totals: {
      sequences: sequences.length,
      slots: slots.length,
      submissions: slots.reduce((sum, slot) => sum + (slot.submissions ?? 0), 0),
    },
    latest,
  };
}

/** The summary as text for the terminal; padding is applied before colour so columns line up. */
export function formatSummary(summary: DemoSummary, style: Style): string {
  const { totals } = summary;
  const nameWidth = Math.max(14, ...summary.sequences.map((s) => s.name.length), ...summary.latest.map((s) => s.sequence.length));
  const lines = ['', style.bold(`Luco demo: ${totals.sequences} slot sequences, ${totals.slots} slots, ${totals.submissions} submissions`)];

  lines.push('', style.bold('Slot sequences'));
  lines.push(style.dim(`  ${'name'.padEnd(nameWidth)}  ${'cadence'.padEnd(11)}  slots  overdue  failed  last delivery`));
  for (const s of summary.sequences) {
    const overdue = String(s.overdue).padStart(7);
    const failed = String(s.failed).padStart(6);
    lines.push(
      `  ${s.name.padEnd(nameWidth)}  ${(s.cadence ?? 'unscheduled').padEnd(11)}  ${String(s.slots).padStart(5)}  ` +
        `${s.overdue > 0 ? style.red(overdue) : overdue}  ${s.failed > 0 ? style.red(failed) : failed}  ${s.lastDelivery ?? '-'}`,
    );
  }

  lines.push('', style.bold('Slots by status'));
  const statusWidth = Math.max(...Object.keys(summary.slotsByStatus).map((status) => status.length));
  for (const [status, count] of Object.entries(summary.slotsByStatus)) {
    lines.push(`  ${paintStatus(style, status)}${' '.repeat(statusWidth - status.length)}  ${String(count).padStart(4)}`);
  }

  lines.push('', style.bold('Latest submissions'));
  for (const s of summary.latest) {
    const rows = s.rowsLoaded === null ? '' : `${s.rowsLoaded.toLocaleString('en-GB')} rows loaded`;
    lines.push(`  ${s.sequence.padEnd(nameWidth)}  ${s.tag.padEnd(20)}  ${paintStatus(style, s.status)}${' '.repeat(Math.max(2, 15 - s.status.length))}${rows}`);
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
