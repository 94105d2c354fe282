import type { AppContext } from '../../context.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import {
  SlotSequenceOverviewRepository,
  type SequenceOverviewFilter,
  type SequenceOverviewRow,
  type SequenceSortKey,
} from '../../storage/repositories/overviews/slot-sequences.js';
import type { Slot } from '../../storage/repositories/slots.js';
import type { NamePart } from '../../wire/names.js';
import { materializeOverdueSequences } from '../materialization/overdue-sequences.js';
import type { InstantRange, Paging, SortDirection } from './query.js';
import type { UpcomingSlot } from '../slot-sequences/upcoming.js';
import { upcomingSlotOf } from '../slot-sequences/upcoming-memo.js';

export const SEQUENCE_SORT_KEYS = ['type', 'slotSequence', 'cadence', 'slots', 'overdue', 'failed', 'lastDelivery', 'upcoming'] as const;
export type SequenceOverviewSort = (typeof SEQUENCE_SORT_KEYS)[number];

export interface SequenceOverviewRequest {
  filter: SequenceOverviewFilter;
  /** Bounds on the upcoming slot's expectedBy; computed per schedule, so filtered outside SQL. */
  upcoming?: InstantRange | undefined;
  sortBy?: SequenceOverviewSort | undefined;
  direction: SortDirection;
  paging: Paging;
}

export interface SequenceOverviewItem {
  row: SequenceOverviewRow;
  name: NamePart[];
  lastDeliverySlot: Slot | undefined;
  upcoming: UpcomingSlot | undefined;
}

/**
 * The slot sequences overview. Counts, filters, order and paging run in SQL; only the upcoming
 * slot, which comes from each schedule, is computed here, and when it is filtered or sorted on,
 * over the (id and schedule of the) sequences that pass the SQL filters.
 */
export class SlotSequenceOverviewService {
  readonly #overview: SlotSequenceOverviewRepository;
  readonly #sequences: SlotSequenceRepository;

  constructor(private readonly ctx: AppContext) {
    this.#overview = new SlotSequenceOverviewRepository(ctx.db);
    this.#sequences = new SlotSequenceRepository(ctx.db);
  }

  async list(request: SequenceOverviewRequest): Promise<{ totalCount: number; items: SequenceOverviewItem[] }> {
    await materializeOverdueSequences(this.ctx);
    const now = this.ctx.now();
    const { paging } = request;
    let totalCount: number;
    let rows: SequenceOverviewRow[];
    if (request.upcoming || request.sortBy === 'upcoming') {
      const matches = (await this.#overview.candidates(request.filter, now))
        .map((candidate) => ({ id: candidate.id, upcoming: upcomingSlotOf(candidate.isActive, candidate.deliveryJson, now) }))
        .filter((candidate) => withinRange(candidate.upcoming?.expectedBy, request.upcoming));
      if (request.sortBy === 'upcoming') matches.sort((a, b) => compareUpcoming(a.upcoming, b.upcoming, request.direction) || a.id - b.id);
      totalCount = matches.length;
      const pageIds = matches.slice(paging.offset, paging.offset + paging.pageSize).map((match) => match.id);
      rows = await this.#overview.byIds(pageIds, now);
    } else {
      const sort: { key: SequenceSortKey; direction: SortDirection } = { key: request.sortBy ?? 'id', direction: request.direction };
      // Independent queries: on PostgreSQL they run on two pooled connections at once.
      [totalCount, rows] = await Promise.all([
        this.#overview.count(request.filter, now),
        paging.pageSize === 0 ? Promise.resolve([]) : this.#overview.page(request.filter, now, sort, paging.pageSize, paging.offset),
      ]);
    }
    return { totalCount, items: await this.#details(rows, now) };
  }

  async #details(rows: SequenceOverviewRow[], now: number): Promise<SequenceOverviewItem[]> {
    const ids = rows.map((row) => row.id);
    const names = new Map((await this.#sequences.findByIds(ids)).map((sequence) => [sequence.id, sequence.name]));
    const delivered = await this.#overview.lastDeliveredSlots(ids);
    return rows.map((row) => ({
      row,
      name: names.get(row.id) ?? [],
      lastDeliverySlot: delivered.get(row.id),
      upcoming: upcomingSlotOf(row.isActive, row.deliveryJson, now),
    }));
  }
}

function withinRange(value: number | undefined, range: InstantRange | undefined): boolean {
  if (!range) return true;
  if (value === undefined) return false;
  return (range.from === undefined || value >= range.from) && (range.to === undefined || value <= range.to);
}

/** By expectedBy in `direction`; sequences with no upcoming slot last either way. */
function compareUpcoming(a: UpcomingSlot | undefined, b: UpcomingSlot | undefined, direction: SortDirection): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return direction === 'desc' ? b.expectedBy - a.expectedBy : a.expectedBy - b.expectedBy;
}
