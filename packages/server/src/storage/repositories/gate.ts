import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** A slot as the gate reads it: what its verdict is decided from, and what marks a change. */
export interface GateSlotRow {
  slotId: number;
  sequenceId: number;
  tag: string;
  expectedBy: number | null;
  lastSubmissionId: number | null;
  /** The roll-up: InProgress, Failed, CompletedWithFailures, CompletedWithoutFailures; null: none. */
  lastSubmissionStatus: string | null;
  /**
   * Changes whenever anything the verdict depends on does: the latest submission, its roll-up, the
   * recorded health (which moves with its quality results) and when that health was recorded.
   */
  fingerprint: string;
}

export interface GateQualityRow {
  cancelled: boolean;
  cancelledChecks: string[];
  failed: boolean;
  failedChecks: string[];
}

/** The gate's reads: slots with their change marks, the latest run and its quality results. */
export class GateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async slot(slotId: number): Promise<GateSlotRow | undefined> {
    return (await this.slots([slotId])).get(slotId);
  }

  /** Several slots in one read (the waiters' fallback sweep). */
  async slots(slotIds: readonly number[]): Promise<Map<number, GateSlotRow>> {
    const found = new Map<number, GateSlotRow>();
    if (slotIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('slots')
      .leftJoin('slot_health', 'slot_health.slot_id', 'slots.id')
      .select(['slots.id', 'slots.slot_sequence_id', 'slots.tag', 'slots.expected_by', 'slots.last_submission_id', 'slots.last_submission_status', 'slots.delivered_on', 'slot_health.state', 'slot_health.updated_on'])
      .where('slots.id', 'in', [...new Set(slotIds)])
      .execute();
    for (const row of rows) {
      found.set(row.id, {
        slotId: row.id,
        sequenceId: row.slot_sequence_id,
        tag: row.tag,
        expectedBy: row.expected_by === null ? null : Number(row.expected_by),
        lastSubmissionId: row.last_submission_id,
        lastSubmissionStatus: row.last_submission_status,
        fingerprint: [row.last_submission_id, row.last_submission_status, row.delivered_on, row.state, row.updated_on].map((part) => String(part ?? '')).join('|'),
      });
    }
    return found;
  }

  async slotIdByTag(sequenceId: number, tag: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('slots').select('id').where('slot_sequence_id', '=', sequenceId).where('tag', '=', tag).executeTakeFirst();
    return row?.id;
  }

  /** The sequence and tag of a slot (to match a slot that appeared with those waiting for it). */
  async slotKey(slotId: number): Promise<{ sequenceId: number; tag: string } | undefined> {
    const row = await this.db.selectFrom('slots').select(['slot_sequence_id', 'tag']).where('id', '=', slotId).executeTakeFirst();
    return row ? { sequenceId: row.slot_sequence_id, tag: row.tag } : undefined;
  }

  /** When the submission ended, and the message of its latest Failed status event. */
  async run(submissionId: number): Promise<{ endedOn: number | null; message: string | null } | undefined> {
    const row = await this.db.selectFrom('submissions').select(['ended_on']).where('id', '=', submissionId).executeTakeFirst();
    if (!row) return undefined;
    const failed = await this.db
      .selectFrom('status_events')
      .select('message')
      .where('submission_id', '=', submissionId)
      .where('status', '=', 'Failed')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { endedOn: row.ended_on === null ? null : Number(row.ended_on), message: failed?.message ?? null };
  }

  /**
   * The submission's quality results as the verdict needs them: whether any demanded a stop
   * (action Cancelled) or failed, as the slot's health counts them, and the failed checks by name
   * (a v2 collection's check names; a v1 result by its tool and data set).
   */
  async quality(submissionId: number): Promise<GateQualityRow> {
    const rows = await this.db
      .selectFrom('quality_results')
      .select(['version', 'action', 'stage', 'tool', 'data_set', 'body', 'success'])
      .where('submission_id', '=', submissionId)
      .orderBy('id')
      .execute();
    const out: GateQualityRow = { cancelled: false, cancelledChecks: [], failed: false, failedChecks: [] };
    for (const row of rows) {
      const cancelled = row.action === 'Cancelled';
      out.cancelled ||= cancelled;
      if (row.success !== 0) continue;
      out.failed = true;
      const names = row.version === 2 ? failedCheckNames(row.body) : [[row.tool, row.data_set].filter(Boolean).join(' on ') || `results at stage ${row.stage ?? '(none)'}`];
      out.failedChecks.push(...names);
      if (cancelled) out.cancelledChecks.push(...names);
    }
    return out;
  }
}

function failedCheckNames(body: string): string[] {
  try {
    const collection = JSON.parse(body) as { checks?: Array<{ check?: unknown; success?: unknown }> };
    return (collection.checks ?? []).filter((check) => check.success === false && typeof check.check === 'string').map((check) => check.check as string);
  } catch {
    // A stored body is always JSON; an unreadable one names no checks.
    return [];
  }
}
