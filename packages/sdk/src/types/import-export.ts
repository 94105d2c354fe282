import type { SlotParameterEntry, SlotSequenceConfig, SlotSequenceName } from './slot-sequence.js';

export interface ImportOptions {
  /** Update sequences that exist and differ. */
  allowOverwrites?: boolean | undefined;
  /** Archive sequences the import marks inactive. */
  allowArchiving?: boolean | undefined;
  /** Leave delivery schedules as they are. */
  ignoreDeliveryConfig?: boolean | undefined;
}

/** Body of POST /v2/slotsequences/import */
export interface ImportBody {
  allowOverwrites: boolean;
  allowArchiving: boolean;
  ignoreDeliveryConfig: boolean;
  slotSequences: SlotSequenceConfig[];
}

/** Response of POST /v2/slotsequences/import */
export interface ImportResponse {
  createdCount: number;
  existsCount: number;
  notProcessedCount: number;
  updatedCount: number;
  notUpdatedCount: number;
  archivedCount: number;
  slotSequenceImports: Array<{ slotSequenceDefinition: SlotParameterEntry[]; [field: string]: unknown }>;
}

export interface ImportCounts {
  created: number;
  exists: number;
  notProcessed: number;
  updated: number;
  notUpdated: number;
  archived: number;
}

/** What `submitSlotSequences` returns: the counts, and each import with its name flattened. */
export interface ImportResult {
  counts: ImportCounts;
  imports: Array<{ name: SlotSequenceName; [field: string]: unknown }>;
}

export interface ExportOptions {
  /** Slot sequence ids to export. */
  ids?: readonly number[] | undefined;
  /** Slot sequence names to export; each is resolved to its id first. */
  names?: ReadonlyArray<import('./slot-sequence.js').SlotSequenceNameInput> | undefined;
  /** Resolve names among active (default) or archived sequences. */
  active?: boolean | undefined;
}
