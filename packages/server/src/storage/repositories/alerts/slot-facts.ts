import type { Kysely } from 'kysely';
import type { Database } from '../../schema.js';

export interface SlotFactsRow {
  slotId: number;
  sequenceId: number;
  tag: string;
  expectedBy: number | null;
  deliveredOn: number | null;
  lastSubmissionId: number | null;
  health: string;
  sequenceType: string | null;
  cadence: string | null;
  deliveryJson: string;
  name: Array<{ key: string; value: string }>;
}

/** What alerts need to know about a slot and its sequence, in two reads. */
export class SlotFactsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async load(slotId: number): Promise<SlotFactsRow | undefined> {
    return (await this.loadMany([slotId])).get(slotId);
  }

  /** The facts of several slots in two reads (the engine's batches). */
  async loadMany(slotIds: readonly number[]): Promise<Map<number, SlotFactsRow>> {
    const found = new Map<number, SlotFactsRow>();
    if (slotIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('slots')
      .innerJoin('slot_sequences', 'slot_sequences.id', 'slots.slot_sequence_id')
      .leftJoin('slot_health', 'slot_health.slot_id', 'slots.id')
      .select([
        'slots.id as slot_id',
        'slots.slot_sequence_id',
        'slots.tag',
        'slots.expected_by',
        'slots.delivered_on',
        'slots.last_submission_id',
        'slot_health.state',
        'slot_sequences.type',
        'slot_sequences.cadence',
        'slot_sequences.delivery_json',
      ])
      .where('slots.id', 'in', [...new Set(slotIds)])
      .execute();
    if (rows.length === 0) return found;
    const sequenceIds = [...new Set(rows.map((row) => row.slot_sequence_id))];
    const parts = await this.db
      .selectFrom('slot_sequence_name_parts')
      .select(['slot_sequence_id', 'key', 'value'])
      .where('slot_sequence_id', 'in', sequenceIds)
      .orderBy('slot_sequence_id')
      .orderBy('position')
      .execute();
    const names = new Map<number, Array<{ key: string; value: string }>>();
    for (const part of parts) {
      const name = names.get(part.slot_sequence_id) ?? [];
      name.push({ key: part.key, value: part.value });
      names.set(part.slot_sequence_id, name);
    }
    for (const row of rows) {
      found.set(row.slot_id, {
        slotId: row.slot_id,
        sequenceId: row.slot_sequence_id,
        tag: row.tag,
        expectedBy: row.expected_by === null ? null : Number(row.expected_by),
        deliveredOn: row.delivered_on === null ? null : Number(row.delivered_on),
        lastSubmissionId: row.last_submission_id,
        health: row.state ?? 'Pending',
        sequenceType: row.type,
        cadence: row.cadence,
        deliveryJson: row.delivery_json,
        name: names.get(row.slot_sequence_id) ?? [],
      });
    }
    return found;
  }

  /** The submission, and the message of its latest Failed status event. */
  async submission(submissionId: number): Promise<{ id: number; status: string; startedOn: number; endedOn: number | null; message: string | null } | undefined> {
    const row = await this.db.selectFrom('submissions').select(['id', 'status', 'started_on', 'ended_on']).where('id', '=', submissionId).executeTakeFirst();
    if (!row) return undefined;
    const failed = await this.db
      .selectFrom('status_events')
      .select('message')
      .where('submission_id', '=', submissionId)
      .where('status', '=', 'Failed')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { id: row.id, status: row.status, startedOn: Number(row.started_on), endedOn: row.ended_on === null ? null : Number(row.ended_on), message: failed?.message ?? null };
  }

  /** The names of the failed checks in the submission's quality collections (v2). */
  async failedChecks(submissionId: number): Promise<string[]> {
    const rows = await this.db.selectFrom('quality_results').select(['version', 'body', 'success']).where('submission_id', '=', submissionId).orderBy('id').execute();
    const names: string[] = [];
    for (const row of rows) {
      if (row.version !== 2 || row.success !== 0) continue;
      try {
        const collection = JSON.parse(row.body) as { checks?: Array<{ check?: unknown; success?: unknown }> };
        for (const check of collection.checks ?? []) if (check.success === false && typeof check.check === 'string') names.push(check.check);
      } catch {
        // A stored body is always JSON; an unreadable one adds no names.
      }
    }
    return names;
  }
}
