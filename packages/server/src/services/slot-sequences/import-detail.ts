import type { SlotSequenceConfig } from '../../domain/slot-sequence-config.js';
import { diffSequences, type FieldChange, type SequenceState } from '../../domain/slot-sequence-diff.js';
import type { SlotSequence } from '../../domain/slot-sequence.js';

/** What an import item did, value by value: the changes it wrote, and the differences it left. */
export interface ImportDetail {
  /** Each value the outcome wrote: before (null when new) and after, as stored. */
  changes: FieldChange[];
  /** Differences from the file that the outcome did not write (NotUpdated, or Archived without allowOverwrites). */
  notApplied?: FieldChange[];
}

/**
 * The detail of one item, from the stored sequence before the item (undefined: there was none),
 * the one stored after it (read back in the import's transaction, so it is what was really
 * written) and the item's config. With ignoreDeliveryConfig the schedules are not compared.
 */
export function importDetail(before: SlotSequence | undefined, after: SlotSequence, config: SlotSequenceConfig, ignoreDeliveryConfig: boolean): ImportDetail {
  const changes = diffSequences(before && stateOf(before), stateOf(after));
  if (!before) return { changes };
  const wanted = { ...stateOf(config), ...(ignoreDeliveryConfig ? { delivery: before.delivery } : {}) };
  const written = new Set(changes.map((change) => change.field));
  const notApplied = diffSequences(stateOf(before), wanted).filter((change) => !written.has(change.field));
  return notApplied.length > 0 ? { changes, notApplied } : { changes };
}

export function stateOf(sequence: SequenceState): SequenceState {
  return { type: sequence.type, isActive: sequence.isActive, parameters: sequence.parameters, delivery: sequence.delivery };
}
