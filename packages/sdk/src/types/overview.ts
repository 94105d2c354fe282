import type { SlotSequenceName } from './slot-sequence.js';
import type { LastSubmissionStatus } from './submission.js';

export type SortDirection = 'asc' | 'desc';
export type FilterOperator = 'and' | 'or';
type OneOrMany<T> = T | readonly T[];
type DateInput = Date | string;

export type SlotSequencesSortBy = 'type' | 'slotSequence' | 'cadence' | 'slots' | 'overdue' | 'failed' | 'lastDelivery' | 'upcoming';

/** Filters of GET /v2/slotsequences/overview. */
export interface SlotSequencesOverviewFilters {
  /** Active (default) or archived sequences. */
  isActive?: boolean | undefined;
  type?: OneOrMany<string> | undefined;
  cadence?: OneOrMany<string> | undefined;
  overdueCountStart?: number | undefined;
  overdueCountEnd?: number | undefined;
  failedCountStart?: number | undefined;
  failedCountEnd?: number | undefined;
  /** Name values to match (`slotSequenceDefinitionValues`). */
  slotSequenceNameValues?: OneOrMany<string> | undefined;
  slotSequenceNameValuesFilterOperator?: FilterOperator | undefined;
  lastDeliverySlotStart?: DateInput | undefined;
  lastDeliverySlotEnd?: DateInput | undefined;
  upcomingSlotStart?: DateInput | undefined;
  upcomingSlotEnd?: DateInput | undefined;
  sortBy?: SlotSequencesSortBy | undefined;
  sortDir?: SortDirection | undefined;
}

export type SlotsSortBy = 'type' | 'slotSequence' | 'cadence' | 'submissions' | 'status' | 'slotId' | 'expectedBy' | 'updatedOn' | 'createdOn';

/** Filters of GET /v2/slots/overview. */
export interface SlotsOverviewFilters {
  slotId?: OneOrMany<number> | undefined;
  slotSequenceId?: OneOrMany<number> | undefined;
  type?: OneOrMany<string> | undefined;
  cadence?: OneOrMany<string> | undefined;
  slotStatus?: OneOrMany<string> | undefined;
  slotSequenceNameValues?: OneOrMany<string> | undefined;
  slotSequenceNameValuesFilterOperator?: FilterOperator | undefined;
  expectedByStart?: DateInput | undefined;
  expectedByEnd?: DateInput | undefined;
  updatedOnStart?: DateInput | undefined;
  updatedOnEnd?: DateInput | undefined;
  createdOnStart?: DateInput | undefined;
  createdOnEnd?: DateInput | undefined;
  lastSubmissionStatus?: OneOrMany<LastSubmissionStatus> | undefined;
  minSubmissions?: number | undefined;
  maxSubmissions?: number | undefined;
  sortBy?: SlotsSortBy | undefined;
  sortDir?: SortDirection | undefined;
}

export interface PagingOptions {
  /** Items per request; default 500 for slot sequences and 1000 for slots. */
  pageSize?: number | undefined;
  /** Stop after this many items in all. */
  limit?: number | undefined;
}

/** One row of the slot sequences overview; `name` flattened to `{ key: value }`. */
export interface SlotSequenceOverviewItem {
  slotSequenceId: number;
  name: SlotSequenceName;
  type?: string | null;
  cadence?: string | null;
  isActive?: boolean;
  slots?: number;
  overdueCount?: number;
  failedCount?: number;
  /** The latest delivered (on time or late) slot. */
  lastDeliverySlot?: { slotId: number; tag: string; expectedBy: string | null; deliveredOn: string | null } | null;
  /** The next date the schedule expects, after now. */
  upcomingSlot?: { tag: string; expectedBy: string } | null;
  [field: string]: unknown;
}

/** One row of the slots overview; `name` flattened to `{ key: value }`. */
export interface SlotOverviewItem {
  slotId: number;
  slotSequenceId?: number;
  name: SlotSequenceName;
  tag?: string;
  type?: string | null;
  cadence?: string | null;
  slotStatus?: string;
  expectedBy?: string | null;
  createdOn?: string;
  updatedOn?: string;
  submissions?: number;
  lastSubmissionStatus?: LastSubmissionStatus | null;
  [field: string]: unknown;
}
