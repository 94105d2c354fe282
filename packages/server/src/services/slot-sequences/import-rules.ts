import { configDifferences, type SlotSequenceConfig } from '../../domain/slot-sequence-config.js';
import type { SlotSequence } from '../../domain/slot-sequence.js';

export const IMPORT_RESULTS = ['Created', 'Exists', 'Updated', 'NotUpdated', 'Archived', 'NotProcessed'] as const;
export type ImportResult = (typeof IMPORT_RESULTS)[number];

export interface ImportFlags {
  allowOverwrites: boolean;
  allowArchiving: boolean;
  ignoreDeliveryConfig: boolean;
}

/** What to write to an existing sequence; only the fields named are changed. */
export interface SlotSequenceChanges {
  type?: string | null;
  isActive?: boolean;
  parameters?: SlotSequenceConfig['parameters'];
  delivery?: SlotSequenceConfig['delivery'];
}

export type ImportDecision = { result: 'Exists' | 'NotUpdated' } | { result: 'Updated' | 'Archived'; changes: SlotSequenceChanges };

/**
 * What an import item does to the sequence of the same name (active or archived):
 * - nothing differs (type, parameters, isActive, and delivery unless ignoreDeliveryConfig): Exists;
 * - the item archives an active sequence (isActive false): Archived with allowArchiving (other
 *   differences are written too only with allowOverwrites), else NotUpdated;
 * - the item reactivates an archived sequence (isActive true): Updated with allowOverwrites,
 *   else NotUpdated;
 * - anything else differs: Updated with allowOverwrites, else NotUpdated.
 */
export function decideImport(existing: SlotSequence, config: SlotSequenceConfig, flags: ImportFlags): ImportDecision {
  const differs = configDifferences(existing, config, { compareDelivery: !flags.ignoreDeliveryConfig });
  if (!differs.type && !differs.parameters && !differs.delivery && !differs.isActive) return { result: 'Exists' };

  const overwrites: SlotSequenceChanges = {
    ...(differs.type ? { type: config.type } : {}),
    ...(differs.parameters ? { parameters: config.parameters } : {}),
    ...(differs.delivery ? { delivery: config.delivery } : {}),
  };
  if (existing.isActive && !config.isActive) {
    if (!flags.allowArchiving) return { result: 'NotUpdated' };
    return { result: 'Archived', changes: { ...(flags.allowOverwrites ? overwrites : {}), isActive: false } };
  }
  if (!flags.allowOverwrites) return { result: 'NotUpdated' };
  return { result: 'Updated', changes: { ...overwrites, ...(differs.isActive ? { isActive: config.isActive } : {}) } };
}
