import type { Kysely, Transaction } from 'kysely';
import type { SlotParameterGroup, SlotSequence } from '../../domain/slot-sequence.js';
import type { DeliverySchedule } from '../../domain/schedule/index.js';
import { nameKey, type NamePart } from '../../wire/names.js';
import type { Database, SlotSequenceRow } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Names looked up per statement. */
const NAME_CHUNK = 500;

/** Reads of slot sequences shared by every service; writes belong to the import service. */
export class SlotSequenceRepository {
  constructor(private readonly db: Db) {}

  async findByName(name: readonly NamePart[], options: { active?: boolean | undefined } = {}): Promise<SlotSequence | undefined> {
    let query = this.db.selectFrom('slot_sequences').selectAll().where('name_key', '=', nameKey(name));
    if (options.active !== undefined) query = query.where('is_active', '=', options.active ? 1 : 0);
    const row = await query.executeTakeFirst();
    return row ? await this.#withName(row) : undefined;
  }

  async findById(id: number): Promise<SlotSequence | undefined> {
    const row = await this.db.selectFrom('slot_sequences').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? await this.#withName(row) : undefined;
  }

  /** Records that every expected slot up to `date` exists, and when the sequence is next due (see findDueForMaterializing). */
  async setMaterializedThrough(id: number, date: string, dueOn: number): Promise<void> {
    await this.db.updateTable('slot_sequences').set({ materialized_through: date, materialize_due_on: dueOn }).where('id', '=', id).execute();
  }

  async setMaterializeDue(id: number, dueOn: number): Promise<void> {
    await this.db.updateTable('slot_sequences').set({ materialize_due_on: dueOn }).where('id', '=', id).execute();
  }

  async findByIds(ids: readonly number[]): Promise<SlotSequence[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('slot_sequences').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
    return this.#withNames(rows);
  }

  /** The sequences with these names (active or archived), by id; names not stored are left out. */
  async findByNames(names: ReadonlyArray<readonly NamePart[]>): Promise<SlotSequence[]> {
    const keys = [...new Set(names.map((name) => nameKey(name)))];
    const found: SlotSequence[] = [];
    // In chunks: each key is an SQL variable, and SQLite and PostgreSQL cap those per statement.
    for (let start = 0; start < keys.length; start += NAME_CHUNK) {
      const rows = await this.db.selectFrom('slot_sequences').selectAll().where('name_key', 'in', keys.slice(start, start + NAME_CHUNK)).execute();
      found.push(...(await this.#withNames(rows)));
    }
    return found.sort((a, b) => a.id - b.id);
  }

  /** Active sequences whose name has every part of `scope` (in any position), by id. */
  async findActiveInScope(scope: readonly NamePart[]): Promise<SlotSequence[]> {
    let query = this.db.selectFrom('slot_sequences').selectAll().where('is_active', '=', 1);
    for (const part of scope) {
      query = query.where('id', 'in', this.db.selectFrom('slot_sequence_name_parts').select('slot_sequence_id').where('key', '=', part.key).where('value', '=', part.value));
    }
    return this.#withNames(await query.orderBy('id').execute());
  }

  /** Every sequence, active and archived, by id. */
  async findAll(): Promise<SlotSequence[]> {
    const rows = await this.db.selectFrom('slot_sequences').selectAll().orderBy('id').execute();
    return this.#withNames(rows);
  }

  /**
   * Active scheduled sequences that may be missing slots at `now`: their materialize_due_on (the
   * start of their next local day, or 0 after a new schedule) has come. The candidates for
   * materialising before an overview; an index range, so usually nothing is read.
   */
  async findDueForMaterializing(now: number): Promise<SlotSequence[]> {
    const rows = await this.db
      .selectFrom('slot_sequences')
      .selectAll()
      .where('materialize_due_on', '<=', now)
      .where('is_active', '=', 1)
      .where('cadence', 'is not', null)
      .orderBy('id')
      .execute();
    return this.#withNames(rows);
  }

  async #withName(row: SlotSequenceRow): Promise<SlotSequence> {
    const [sequence] = await this.#withNames([row]);
    return sequence!;
  }

  /** Rows to models, with their name parts read in one query. */
  async #withNames(rows: SlotSequenceRow[]): Promise<SlotSequence[]> {
    if (rows.length === 0) return [];
    const parts = await this.db
      .selectFrom('slot_sequence_name_parts')
      .selectAll()
      .where('slot_sequence_id', 'in', rows.map((row) => row.id))
      .orderBy('slot_sequence_id')
      .orderBy('position')
      .execute();
    const names = new Map<number, NamePart[]>();
    for (const part of parts) {
      const list = names.get(part.slot_sequence_id) ?? [];
      list.push({ key: part.key, value: part.value });
      names.set(part.slot_sequence_id, list);
    }
    return rows.map((row) => toSlotSequence(row, names.get(row.id) ?? []));
  }
}

export function toSlotSequence(row: SlotSequenceRow, name: NamePart[]): SlotSequence {
  return {
    id: row.id,
    name,
    type: row.type,
    isActive: row.is_active === 1,
    parameters: JSON.parse(row.parameters_json) as SlotParameterGroup[],
    delivery: JSON.parse(row.delivery_json) as DeliverySchedule[],
    materializedThrough: row.materialized_through,
    createdOn: Number(row.created_on),
    updatedOn: Number(row.updated_on),
  };
}
