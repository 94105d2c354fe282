import type { Kysely, Transaction } from 'kysely';
import { activeSchedule, type SlotParameterGroup } from '../../domain/slot-sequence.js';
import type { DeliverySchedule } from '../../domain/schedule/index.js';
import { nameKey, type NamePart } from '../../wire/names.js';
import type { Database, SlotSequenceUpdate } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewSlotSequence {
  name: NamePart[];
  type: string | null;
  isActive: boolean;
  parameters: SlotParameterGroup[];
  delivery: DeliverySchedule[];
}

export interface SlotSequencePatch {
  type?: string | null;
  isActive?: boolean;
  parameters?: SlotParameterGroup[];
  delivery?: DeliverySchedule[];
}

/**
 * Writes of slot sequences (the import). The cadence column always follows the delivery
 * schedules, and a new schedule forgets how far slots were materialised.
 */
export class SlotSequenceWriter {
  constructor(private readonly db: Db) {}

  /**
   * Inserts the sequence with its name parts unless one with the same name exists (the unique
   * name_key decides, so concurrent imports create it once). Returns the new id, or undefined.
   */
  async insertIfAbsent(sequence: NewSlotSequence, now: number): Promise<number | undefined> {
    const inserted = await this.db
      .insertInto('slot_sequences')
      .values({
        name_key: nameKey(sequence.name),
        type: sequence.type,
        is_active: sequence.isActive ? 1 : 0,
        parameters_json: JSON.stringify(sequence.parameters),
        delivery_json: JSON.stringify(sequence.delivery),
        cadence: cadenceOf(sequence.delivery),
        materialized_through: null,
        created_on: now,
        updated_on: now,
      })
      .onConflict((oc) => oc.column('name_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return undefined;
    await this.db
      .insertInto('slot_sequence_name_parts')
      .values(sequence.name.map((part, position) => ({ slot_sequence_id: inserted.id, position, key: part.key, value: part.value })))
      .execute();
    return inserted.id;
  }

  async update(id: number, patch: SlotSequencePatch, now: number): Promise<void> {
    const set: SlotSequenceUpdate = { updated_on: now };
    if (patch.type !== undefined) set.type = patch.type;
    if (patch.isActive !== undefined) set.is_active = patch.isActive ? 1 : 0;
    if (patch.parameters !== undefined) set.parameters_json = JSON.stringify(patch.parameters);
    if (patch.delivery !== undefined) {
      set.delivery_json = JSON.stringify(patch.delivery);
      set.cadence = cadenceOf(patch.delivery);
      set.materialized_through = null;
      set.materialize_due_on = 0;
    }
    await this.db.updateTable('slot_sequences').set(set).where('id', '=', id).execute();
  }
}

function cadenceOf(delivery: readonly DeliverySchedule[]): string | null {
  return activeSchedule({ delivery: [...delivery] })?.cadence ?? null;
}
