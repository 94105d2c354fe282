import type { AppContext } from '../../context.js';
import { SlotOverviewRepository, type SlotOverviewFilter, type SlotOverviewRow, type SlotSortKey } from '../../storage/repositories/overviews/slots.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import type { NamePart } from '../../wire/names.js';
import { materializeOverdueSequences } from '../materialization/overdue-sequences.js';
import type { Paging, SortDirection } from './query.js';

export const SLOT_SORT_KEYS = ['type', 'slotSequence', 'cadence', 'submissions', 'status', 'slotId', 'expectedBy', 'updatedOn', 'createdOn'] as const satisfies readonly SlotSortKey[];

export interface SlotOverviewRequest {
  filter: SlotOverviewFilter;
  sortBy?: SlotSortKey | undefined;
  direction: SortDirection;
  paging: Paging;
}

/** The slots overview: everything in SQL, then the names of the page's sequences. */
export class SlotOverviewService {
  readonly #overview: SlotOverviewRepository;
  readonly #sequences: SlotSequenceRepository;

  constructor(private readonly ctx: AppContext) {
    this.#overview = new SlotOverviewRepository(ctx.db, ctx.dialect);
    this.#sequences = new SlotSequenceRepository(ctx.db);
  }

  async list(request: SlotOverviewRequest): Promise<{ totalCount: number; items: Array<{ row: SlotOverviewRow; name: NamePart[] }> }> {
    await materializeOverdueSequences(this.ctx);
    const now = this.ctx.now();
    const { paging } = request;
    const sort = { key: request.sortBy ?? 'slotId', direction: request.direction };
    const count = this.#overview.count(request.filter, now);
    // PostgreSQL counts and reads the page on two pooled connections at once; on SQLite (one
    // connection) the page's plan depends on the count (see SlotOverviewRepository).
    const matching = this.ctx.dialect === 'sqlite' ? await count : undefined;
    const [totalCount, rows] = await Promise.all([count, paging.pageSize === 0 ? [] : this.#overview.page(request.filter, now, sort, paging.pageSize, paging.offset, matching)]);
    const sequenceIds = [...new Set(rows.map((row) => row.slotSequenceId))];
    const names = new Map((await this.#sequences.findByIds(sequenceIds)).map((sequence) => [sequence.id, sequence.name]));
    return { totalCount, items: rows.map((row) => ({ row, name: names.get(row.slotSequenceId) ?? [] })) };
  }
}
