import { sql, type RawBuilder } from 'kysely';

/**
 * A slot's status is derived, never stored, because "overdue" depends on the clock:
 * - InProgress: its latest submission is in progress;
 * - Failed: its latest submission failed;
 * - Delivered / DeliveredLate: its latest submission completed, and the first completion came
 *   before / after `expectedBy` (unscheduled slots are never late);
 * - Overdue: no submission yet and `expectedBy` has passed;
 * - Awaiting: no submission yet, and not due (or unscheduled).
 */
export const SLOT_STATUSES = ['Awaiting', 'InProgress', 'Delivered', 'DeliveredLate', 'Overdue', 'Failed'] as const;
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/** A submission roll-up, as `lastSubmissionStatus` on the wire. */
export const LAST_SUBMISSION_STATUSES = ['CompletedWithoutFailures', 'CompletedWithFailures', 'Failed', 'InProgress'] as const;
export type LastSubmissionStatus = (typeof LAST_SUBMISSION_STATUSES)[number];

export interface SlotStatusInput {
  expectedBy: number | null;
  lastSubmissionStatus: string | null;
  deliveredOn: number | null;
}

export function slotStatus(slot: SlotStatusInput, now: number): SlotStatus {
  switch (slot.lastSubmissionStatus) {
    case 'InProgress':
      return 'InProgress';
    case 'Failed':
      return 'Failed';
    case 'CompletedWithoutFailures':
    case 'CompletedWithFailures':
      return slot.expectedBy !== null && slot.deliveredOn !== null && slot.deliveredOn > slot.expectedBy ? 'DeliveredLate' : 'Delivered';
    default:
      return slot.expectedBy !== null && slot.expectedBy < now ? 'Overdue' : 'Awaiting';
  }
}

/** The same rule in SQL, for filtering, counting and sorting in the database. */
export function slotStatusSql(now: number): RawBuilder<SlotStatus> {
  return sql<SlotStatus>`case
    when slots.last_submission_status = 'InProgress' then 'InProgress'
    when slots.last_submission_status = 'Failed' then 'Failed'
    when slots.last_submission_status in ('CompletedWithoutFailures', 'CompletedWithFailures') then
      case when slots.expected_by is not null and slots.delivered_on is not null and slots.delivered_on > slots.expected_by then 'DeliveredLate' else 'Delivered' end
    when slots.expected_by is not null and slots.expected_by < ${now} then 'Overdue'
    else 'Awaiting' end`;
}

/**
 * `slotStatusSql(now) = status` for the roll-ups the server writes (null or one of
 * LAST_SUBMISSION_STATUSES), as alternatives that each fix `last_submission_status` to one value,
 * so that indexes leading with it can find the slots (and give them in id or expectedBy order)
 * instead of every slot being tested.
 */
export function slotStatusConditionsSql(status: SlotStatus, now: number): Array<RawBuilder<boolean>> {
  // `delivered_on > expected_by` is also the condition of the partial index slots_late_status_id;
  // `last_submission_status is null` and `not (late)` are those of migration 0009's partial
  // indexes: keep these terms as they are written there, or the indexes no longer apply.
  const late = sql`slots.expected_by is not null and slots.delivered_on is not null and slots.delivered_on > slots.expected_by`;
  const completions = ['CompletedWithoutFailures', 'CompletedWithFailures'] as const;
  switch (status) {
    case 'InProgress':
      return [sql<boolean>`slots.last_submission_status = 'InProgress'`];
    case 'Failed':
      return [sql<boolean>`slots.last_submission_status = 'Failed'`];
    case 'Delivered':
      return completions.map((rollUp) => sql<boolean>`(slots.last_submission_status = ${sql.lit(rollUp)} and not (${late}))`);
    case 'DeliveredLate':
      return completions.map((rollUp) => sql<boolean>`(slots.last_submission_status = ${sql.lit(rollUp)} and ${late})`);
    case 'Overdue':
      return [sql<boolean>`(slots.last_submission_status is null and slots.expected_by < ${now})`];
    case 'Awaiting':
      return [sql<boolean>`(slots.last_submission_status is null and (slots.expected_by is null or slots.expected_by >= ${now}))`];
  }
}

/** Accepts `DeliveredLate`, `delivered late`, `delivered_late`... as the canonical status. */
export function parseSlotStatus(text: string): SlotStatus | undefined {
  return findSpelledLoosely(text, SLOT_STATUSES);
}

/** Accepts `CompletedWithFailures`, `completed with failures`, `in_progress`... as the canonical roll-up. */
export function parseLastSubmissionStatus(text: string): LastSubmissionStatus | undefined {
  return findSpelledLoosely(text, LAST_SUBMISSION_STATUSES);
}

/** The choice `text` names in any case, with or without spaces, `_` or `-` between the words. */
function findSpelledLoosely<T extends string>(text: string, choices: readonly T[]): T | undefined {
  const squashed = text.replace(/[\s_-]/g, '').toLowerCase();
  return choices.find((choice) => choice.toLowerCase() === squashed);
}

/** The roll-up of one submission. */
export function lastSubmissionStatus(submission: { status: string; hasFailures: boolean }): LastSubmissionStatus {
  if (submission.status === 'Failed') return 'Failed';
  if (submission.status === 'Completed') return submission.hasFailures ? 'CompletedWithFailures' : 'CompletedWithoutFailures';
  return 'InProgress';
}
