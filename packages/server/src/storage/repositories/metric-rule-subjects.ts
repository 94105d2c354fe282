import type { Kysely } from 'kysely';
import type { SequenceFacts } from '../../domain/alerts/rule.js';
import type { DeliverySchedule } from '../../domain/schedule/index.js';
import type { Database } from '../schema.js';

/** A sequence as metric rules see it: what their filter matches, and the zone weekdays are counted in. */
export interface RuleSubjectSequence extends SequenceFacts {
  id: number;
  timeZone: string;
}

/** A slot a rule judges: its sequence and its time (expectedBy, else its creation). */
export interface RuleSubjectSlot {
  slotId: number;
  slotTime: number;
  sequence: RuleSubjectSequence;
}

/** Slots and sequences with the facts metric rules need, in two reads. */
export class MetricRuleSubjectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** `names: false` leaves the sequence's name empty (no rule filters on it): one read instead of two. */
  async slot(slotId: number, options: { names: boolean } = { names: true }): Promise<RuleSubjectSlot | undefined> {
    const row = await this.db
      .selectFrom('slots')
      .innerJoin('slot_sequences', 'slot_sequences.id', 'slots.slot_sequence_id')
      .select(['slots.id', 'slots.expected_by', 'slots.created_on', 'slot_sequences.id as sequence_id', 'slot_sequences.type', 'slot_sequences.cadence', 'slot_sequences.delivery_json'])
      .where('slots.id', '=', slotId)
      .executeTakeFirst();
    if (!row) return undefined;
    const names = options.names ? await this.#names([row.sequence_id]) : new Map<number, Array<{ key: string; value: string }>>();
    return {
      slotId: row.id,
      slotTime: Number(row.expected_by ?? row.created_on),
      sequence: { id: row.sequence_id, name: names.get(row.sequence_id) ?? [], type: row.type, cadence: row.cadence, timeZone: scheduleZone(row.delivery_json) },
    };
  }

  /** Every active sequence, by id (a dry run filters them). */
  async activeSequences(): Promise<RuleSubjectSequence[]> {
    const rows = await this.db.selectFrom('slot_sequences').select(['id', 'type', 'cadence', 'delivery_json']).where('is_active', '=', 1).orderBy('id').execute();
    const names = await this.#names(rows.map((row) => row.id));
    return rows.map((row) => ({ id: row.id, name: names.get(row.id) ?? [], type: row.type, cadence: row.cadence, timeZone: scheduleZone(row.delivery_json) }));
  }

  async #names(sequenceIds: readonly number[]): Promise<Map<number, Array<{ key: string; value: string }>>> {
    const names = new Map<number, Array<{ key: string; value: string }>>();
    if (sequenceIds.length === 0) return names;
    // In chunks: each id is an SQL variable.
    for (let start = 0; start < sequenceIds.length; start += 500) {
      const parts = await this.db
        .selectFrom('slot_sequence_name_parts')
        .select(['slot_sequence_id', 'key', 'value'])
        .where('slot_sequence_id', 'in', sequenceIds.slice(start, start + 500))
        .orderBy('slot_sequence_id')
        .orderBy('position')
        .execute();
      for (const part of parts) {
        let name = names.get(part.slot_sequence_id);
        if (!name) names.set(part.slot_sequence_id, (name = []));
        name.push({ key: part.key, value: part.value });
      }
    }
    return names;
  }
}

/** The zone a sequence's days are counted in: its active schedule's, else any schedule's, else UTC (as the dashboard counts them). */
function scheduleZone(deliveryJson: string): string {
  try {
    const schedules = JSON.parse(deliveryJson) as DeliverySchedule[];
    return schedules.find((schedule) => schedule.isActive)?.timeZone ?? schedules[0]?.timeZone ?? 'UTC';
  } catch {
    return 'UTC';
  }
}
