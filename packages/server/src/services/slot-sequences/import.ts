import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../storage/schema.js';
import { parseSlotSequenceConfig, type SlotSequenceConfig } from '../../domain/slot-sequence-config.js';
import type { FieldError } from '../../domain/schedule/index.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { SlotSequenceWriter } from '../../storage/repositories/slot-sequence-writes.js';
import { nameKey, type NamePart } from '../../wire/names.js';
import { decideImport, type ImportFlags, type ImportResult } from './import-rules.js';

export interface ImportItemOutcome {
  name: NamePart[];
  slotSequenceId: number | null;
  result: ImportResult;
  errors?: FieldError[];
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

  async import(trx: Kysely<Database>, items: readonly unknown[], flags: ImportFlags): Promise<ImportReport> {
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
        : await this.#apply(trx, parsed.config, flags);
      counts[outcome.result] += 1;
      outcomes.push(outcome);
    }
    // New or changed schedules may bring a deadline sooner than the engine planned to look.
    if (counts.Created + counts.Updated + counts.Archived > 0) await this.ctx.changes.publish(trx, { topic: 'schedules' });
    return { counts, items: outcomes };
  }

  async #apply(trx: Kysely<Database>, config: SlotSequenceConfig, flags: ImportFlags): Promise<ImportItemOutcome> {
    const now = this.ctx.now();
    const sequences = new SlotSequenceRepository(trx);
    const writer = new SlotSequenceWriter(trx);
    let existing = await sequences.findByName(config.name);
    if (!existing) {
      const delivery = flags.ignoreDeliveryConfig ? [] : config.delivery;
      const id = await writer.insertIfAbsent({ ...config, delivery }, now);
      if (id !== undefined) return { name: config.name, slotSequenceId: id, result: 'Created' as const };
      // Another import created it meanwhile: carry on as for an existing sequence.
      existing = await sequences.findByName(config.name);
      if (!existing) throw new Error(`slot sequence ${nameKey(config.name)} vanished during import`);
    }
    const decision = decideImport(existing, config, flags);
    if ('changes' in decision) await writer.update(existing.id, decision.changes, now);
    return { name: existing.name, slotSequenceId: existing.id, result: decision.result };
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
