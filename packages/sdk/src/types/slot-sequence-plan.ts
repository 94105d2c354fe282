import type { ImportCounts, ImportOptions } from './import-export.js';
import type { SlotParameterEntry, SlotSequenceName } from './slot-sequence.js';

/** The six outcomes of an import item (Archived also for a pruned sequence). */
export type ImportOutcome = 'Created' | 'Exists' | 'Updated' | 'NotUpdated' | 'Archived' | 'NotProcessed';

export interface PlanOptions extends ImportOptions {
  /**
   * Archive the active sequences whose name has every one of these parts (e.g. `{ client: 'acme' }`)
   * and that no item names. A scope is required: a prune never reaches the whole estate.
   */
  prune?: { scope: Record<string, string> } | undefined;
}

export interface ApplyOptions extends PlanOptions {
  /** The plan's `fingerprint`: the apply is refused (PlanOutdatedError) when the state it was made on has changed. */
  expectedFingerprint: string;
}

/** One value that changes: where, and its value before and after (null: none). */
export interface FieldChange {
  /** `type`, `isActive`, `parameters.<group>.<key>`, `parameters` (order only), `delivery[i]` or `delivery[i].<field>` */
  field: string;
  before: unknown;
  after: unknown;
}

export interface PlanFieldError {
  /** A path into the request, e.g. `slotSequences[3].delivery[0].cadence` */
  field: string;
  message: string;
}

/** What a plan (or an apply) does to one sequence. */
export interface PlannedSequence {
  name: SlotSequenceName;
  /** The name as the server sent it (ordered parts). */
  definition: SlotParameterEntry[];
  /** null when NotProcessed, and for Created in a plan (no id yet). */
  slotSequenceId: number | null;
  result: ImportOutcome;
  /** Archived by the prune: in its scope, named by no item. */
  pruned: boolean;
  /** Each value the outcome writes. */
  changes: FieldChange[];
  /** Differences the outcome leaves unwritten (NotUpdated; Archived without allowOverwrites). */
  notApplied: FieldChange[];
  /** Why a NotProcessed item was refused. */
  errors: PlanFieldError[];
  /** For input items: their index in the list sent; undefined for pruned sequences. */
  index: number | undefined;
}

/** The answer of `planSlotSequences` and `applySlotSequences`. */
export interface SlotSequencePlan {
  /** Identifies the request and the stored state it was decided on: pass it to `applySlotSequences`. */
  fingerprint: string;
  counts: ImportCounts;
  /** One per item sent, in order, then each pruned sequence. */
  items: PlannedSequence[];
}

/** The wire body of a plan or an apply (LucoTS: /lucots/v1/slot-sequences/plan and /apply). */
export interface PlanResponse {
  fingerprint: string;
  createdCount: number;
  existsCount: number;
  notProcessedCount: number;
  updatedCount: number;
  notUpdatedCount: number;
  archivedCount: number;
  slotSequenceImports: Array<{
    slotSequenceDefinition: SlotParameterEntry[];
    slotSequenceId: number | null;
    result: ImportOutcome;
    pruned?: boolean;
    changes?: FieldChange[];
    notApplied?: FieldChange[];
    errors?: PlanFieldError[];
  }>;
}
