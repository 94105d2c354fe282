import type { SlotSequenceConfig } from '@lucots/sdk';
import { readConfig } from './config.js';
import { decide, type Difference } from './decide.js';
import { nameKey, type FieldError, type ImportFlags, type ImportOutcome, type SequenceConfig } from './types.js';

export interface PlannedImport {
  name: Record<string, string>;
  slotSequenceId: number | null;
  result: ImportOutcome;
  /** Fields that differ from the stored sequence. */
  differences?: Difference[];
  /** Fields the import would write. */
  changes?: Difference[];
  errors?: FieldError[];
}

export interface ImportPlan {
  dryRun: true;
  counts: Record<'created' | 'exists' | 'notProcessed' | 'updated' | 'notUpdated' | 'archived', number>;
  imports: PlannedImport[];
}

const COUNT_KEY = {
  Created: 'created',
  Exists: 'exists',
  NotProcessed: 'notProcessed',
  Updated: 'updated',
  NotUpdated: 'notUpdated',
  Archived: 'archived',
} as const;

/**
 * What importing `items` would do, given every stored sequence (active and archived, as exported).
 * Items are taken in order; a name repeated within the file is NotProcessed, as on the server.
 * Nothing is written anywhere.
 */
export function planImport(items: readonly unknown[], stored: readonly SlotSequenceConfig[], flags: ImportFlags): ImportPlan {
  const byName = new Map<string, { id: number | null; config: SequenceConfig }>();
  for (const [index, raw] of stored.entries()) {
    const { config } = readConfig(stripId(raw), `stored[${index}]`);
    const id = typeof raw.slotSequenceId === 'number' ? raw.slotSequenceId : null;
    if (config) byName.set(nameKey(config.name), { id, config });
  }

  const counts: ImportPlan['counts'] = { created: 0, exists: 0, notProcessed: 0, updated: 0, notUpdated: 0, archived: 0 };
  const seen = new Map<string, number>();
  const imports = items.map((item, index): PlannedImport => {
    const path = `slotSequences[${index}]`;
    const read = readConfig(item, path);
    const errors = [...read.errors];
    if (read.name) {
      const first = seen.get(nameKey(read.name));
      if (first !== undefined) errors.push({ field: `${path}.name`, message: `repeats the name of slotSequences[${first}]` });
      else seen.set(nameKey(read.name), index);
    }
    const name = Object.fromEntries((read.name ?? []).map((part) => [part.key, part.value]));
    let planned: PlannedImport;
    if (errors.length > 0 || !read.config) {
      planned = { name, slotSequenceId: null, result: 'NotProcessed', errors };
    } else {
      const existing = byName.get(nameKey(read.config.name));
      if (!existing) planned = { name, slotSequenceId: null, result: 'Created' };
      else {
        const decision = decide(existing.config, read.config, flags);
        planned = { name, slotSequenceId: existing.id, result: decision.result, differences: decision.differences, changes: decision.changes };
      }
    }
    counts[COUNT_KEY[planned.result]] += 1;
    return planned;
  });
  return { dryRun: true, counts, imports };
}

/** Exported items carry their id, which is not part of what is compared. */
function stripId(item: SlotSequenceConfig): Record<string, unknown> {
  const { slotSequenceId: _id, ...rest } = item;
  return rest;
}
