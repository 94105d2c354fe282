import { parametersEqual } from './parameters.js';
import { schedulesEqual } from './schedule.js';
import type { ImportFlags, ImportOutcome, SequenceConfig } from './types.js';

export type Difference = 'type' | 'parameters' | 'delivery' | 'isActive';

export interface Decision {
  result: Exclude<ImportOutcome, 'Created' | 'NotProcessed'>;
  /** What differs from the stored sequence. */
  differences: Difference[];
  /** What the import would write (empty for Exists and NotUpdated). */
  changes: Difference[];
}

/**
 * The server's rule for an item whose name matches a stored sequence (active or archived):
 * - nothing differs (type, parameters, isActive, and delivery unless ignoreDeliveryConfig): Exists;
 * - it archives an active sequence: Archived with allowArchiving (other changes only with
 *   allowOverwrites), else NotUpdated;
 * - anything else differs, reactivating included: Updated with allowOverwrites, else NotUpdated.
 */
export function decide(existing: SequenceConfig, item: SequenceConfig, flags: ImportFlags): Decision {
  const differences: Difference[] = [];
  if (existing.type !== item.type) differences.push('type');
  if (!parametersEqual(existing.parameters, item.parameters)) differences.push('parameters');
  if (!flags.ignoreDeliveryConfig && !schedulesEqual(existing.delivery, item.delivery)) differences.push('delivery');
  if (existing.isActive !== item.isActive) differences.push('isActive');
  if (differences.length === 0) return { result: 'Exists', differences, changes: [] };

  const overwrites = differences.filter((difference) => difference !== 'isActive');
  if (existing.isActive && !item.isActive) {
    if (!flags.allowArchiving) return { result: 'NotUpdated', differences, changes: [] };
    return { result: 'Archived', differences, changes: [...(flags.allowOverwrites ? overwrites : []), 'isActive'] };
  }
  if (!flags.allowOverwrites) return { result: 'NotUpdated', differences, changes: [] };
  return { result: 'Updated', differences, changes: differences };
}
