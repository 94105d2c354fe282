import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../storage/schema.js';
import { parseSlotSequenceConfig, type SlotSequenceConfig } from '../../domain/slot-sequence-config.js';
import type { FieldError } from '../../domain/schedule/index.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { SlotSequenceWriter } from '../../storage/repositories/slot-sequence-writes.js';
import { lockSlotSequenceImports } from '../../storage/import-lock.js';
import { nameKey, type NamePart } from '../../wire/names.js';
import { importDetail, stateOf, type ImportDetail } from './import-detail.js';
import { decideImport, type ImportFlags, type ImportResult } from './import-rules.js';
import { diffSequences } from '../../domain/slot-sequence-diff.js';

export interface ImportItemOutcome extends Partial<ImportDetail> {
  name: NamePart[];
  slotSequenceId: number | null;
  result: ImportResult;
  errors?: FieldError[];
  /** Archived by a prune: in its scope, but named by no item. */
  pruned?: true;
}

/** What a LucoTS import adds to the v2 one (the plan and apply extension). */
export interface ImportExtras {
  /** Archive the active sequences whose name has all these parts and that no item names. */
  prune?: NamePart[] | undefined;
  /** Report each item's changes value by value (read back in the transaction). */
  detail?: boolean | undefined;
}

export interface ImportReport {
  counts: Record<ImportResult, number>;
  items: ImportItemOutcome[];
}

/**
 * Imports slot sequences in the config format, item by item in input order, all in the write's
 * transaction: a bad item is reported (NotProcessed) and the others still apply; a crash applies
 * none of them.
 */
export class SlotSequenceImportService {
  constructor(private readonly ctx: AppContext) {}

  async import(trx: Kysely<Database>, items: readonly unknown[], flags: ImportFlags, extras: ImportExtras = {}): Promise<ImportReport> {
    await lockSlotSequenceImports(trx, this.ctx.dialect);
    const counts: Record<ImportResult, number> = { Created: 0, Exists: 0, Updated: 0, NotUpdated: 0, Archived: 0, NotProcessed: 0 };
    const outcomes: ImportItemOutcome[] = [];
    const seen = new Map<string, number>();
    for (const [index, item] of items.entries()) {
      // SQLite calls are synchronous: yield between items so a large import does not hold up
      // signals, a graceful shutdown or requests that need no database.
      if (index > 0) await yieldToEventLoop();
      const path = `slotSequences[${index}]`;
      const parsed = parseSlotSequenceConfig(item, path);
      const errors = [...parsed.errors];
      if (parsed.name) {
        const key = nameKey(parsed.name);
        const first = seen.get(key);
        if (first !== undefined) errors.push({ field: `${path}.name`, message: `repeats the name of slotSequences[${first}]; a name may appear once per import` });
        else seen.set(key, index);
      }
      const outcome = errors.length > 0 || !parsed.config
        ? { name: parsed.name ?? [], slotSequenceId: null, result: 'NotProcessed' as const, errors }
        : await this.#apply(trx, parsed.config, flags, extras.detail === true);
      counts[outcome.result] += 1;
      outcomes.push(outcome);
    }
    if (extras.prune) {
      for (const outcome of await this.#prune(trx, extras.prune, new Set(seen.keys()), extras.detail === true)) {
        counts.Archived += 1;
        outcomes.push(outcome);
      }
    }
    // New or changed schedules may bring a deadline sooner than the engine planned to look.
    if (counts.Created + counts.Updated + counts.Archived > 0) await this.ctx.changes.publish(trx, { topic: 'schedules' });
    return { counts, items: outcomes };
  }

  async #apply(trx: Kysely<Database>, config: SlotSequenceConfig, flags: ImportFlags, detail: boolean): Promise<ImportItemOutcome> {
    const now = this.ctx.now();
    const sequences = new SlotSequenceRepository(trx);
    const writer = new SlotSequenceWriter(trx);
    let existing = await sequences.findByName(config.name);
    if (!existing) {
      const delivery = flags.ignoreDeliveryConfig ? [] : config.delivery;
      const id = await writer.insertIfAbsent({ ...config, delivery }, now);
      if (id !== undefined) {
        const created = { name: config.name, slotSequenceId: id, result: 'Created' as const };
        return detail ? { ...created, ...importDetail(undefined, await this.#stored(sequences, id), config, flags.ignoreDeliveryConfig) } : created;
      }
      // Another import created it meanwhile: carry on as for an existing sequence.
      existing = await sequences.findByName(config.name);
      if (!existing) throw new Error(`slot sequence ${nameKey(config.name)} vanished during import`);
    }
    const decision = decideImport(existing, config, flags);
    if ('changes' in decision) await writer.update(existing.id, decision.changes, now);
    const outcome = { name: existing.name, slotSequenceId: existing.id, result: decision.result };
    if (!detail) return outcome;
    const after = 'changes' in decision ? await this.#stored(sequences, existing.id) : existing;
    return { ...outcome, ...importDetail(existing, after, config, flags.ignoreDeliveryConfig) };
  }

  /** Archives the active sequences in `scope` whose names no item has (`named`: their name keys). */
  async #prune(trx: Kysely<Database>, scope: NamePart[], named: ReadonlySet<string>, detail: boolean): Promise<ImportItemOutcome[]> {
    const writer = new SlotSequenceWriter(trx);
    const outcomes: ImportItemOutcome[] = [];
    for (const sequence of await new SlotSequenceRepository(trx).findActiveInScope(scope)) {
      if (named.has(nameKey(sequence.name))) continue;
      await writer.update(sequence.id, { isActive: false }, this.ctx.now());
      const outcome: ImportItemOutcome = { name: sequence.name, slotSequenceId: sequence.id, result: 'Archived', pruned: true };
      outcomes.push(detail ? { ...outcome, changes: diffSequences(stateOf(sequence), { ...stateOf(sequence), isActive: false }) } : outcome);
    }
    return outcomes;
  }

  async #stored(sequences: SlotSequenceRepository, id: number) {
    const sequence = await sequences.findById(id);
    if (!sequence) throw new Error(`slot sequence ${id} vanished during import`);
    return sequence;
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
