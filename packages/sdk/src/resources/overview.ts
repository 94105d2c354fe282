/**
 * The overviews: slot sequences with their delivery health, and slots with their status, as
 * paged lists (await for the first page, or `for await` every row). Behind LucoApi's overview methods.
 */
import type { HttpClient } from '../core/http-client.js';
import { PagedList } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { isoInstant, positiveInteger } from '../core/validate.js';
import type {
  PagingOptions,
  SlotOverviewItem,
  SlotSequenceOverviewItem,
  SlotSequencesOverviewFilters,
  SlotsOverviewFilters,
} from '../types/overview.js';
import type { SlotParameterEntry } from '../types/slot-sequence.js';
import { flattenName } from './slot-sequence-name.js';

export class Overview {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  slotSequences(filters: SlotSequencesOverviewFilters = {}, options: PagingOptions & RequestOptions = {}): PagedList<SlotSequenceOverviewItem> {
    const query = {
      isActive: filters.isActive ?? true,
      type: filters.type,
      cadence: filters.cadence,
      overdueCountStart: filters.overdueCountStart,
      overdueCountEnd: filters.overdueCountEnd,
      failedCountStart: filters.failedCountStart,
      failedCountEnd: filters.failedCountEnd,
      slotSequenceDefinitionValues: filters.slotSequenceNameValues,
      slotSequenceDefinitionValuesFilterOperator: filters.slotSequenceNameValuesFilterOperator,
      lastDeliverySlotStart: instant('lastDeliverySlotStart', filters.lastDeliverySlotStart),
      lastDeliverySlotEnd: instant('lastDeliverySlotEnd', filters.lastDeliverySlotEnd),
      upcomingSlotStart: instant('upcomingSlotStart', filters.upcomingSlotStart),
      upcomingSlotEnd: instant('upcomingSlotEnd', filters.upcomingSlotEnd),
      sortBy: filters.sortBy,
      sortDir: filters.sortDir,
    };
    return this.#paged<SlotSequenceOverviewItem>('/v2/slotsequences/overview', 'slotSequences', query, options, 500);
  }

  slots(filters: SlotsOverviewFilters = {}, options: PagingOptions & RequestOptions = {}): PagedList<SlotOverviewItem> {
    const query = {
      slotId: filters.slotId,
      slotSequenceId: filters.slotSequenceId,
      type: filters.type,
      cadence: filters.cadence,
      slotStatus: filters.slotStatus,
      slotSequenceDefinitionValues: filters.slotSequenceNameValues,
      slotSequenceDefinitionValuesFilterOperator: filters.slotSequenceNameValuesFilterOperator,
      expectedByStart: instant('expectedByStart', filters.expectedByStart),
      expectedByEnd: instant('expectedByEnd', filters.expectedByEnd),
      updatedOnStart: instant('updatedOnStart', filters.updatedOnStart),
      updatedOnEnd: instant('updatedOnEnd', filters.updatedOnEnd),
      createdOnStart: instant('createdOnStart', filters.createdOnStart),
      createdOnEnd: instant('createdOnEnd', filters.createdOnEnd),
      lastSubmissionStatus: filters.lastSubmissionStatus,
      sortBy: filters.sortBy,
      sortDir: filters.sortDir,
      minSubmissions: filters.minSubmissions,
      maxSubmissions: filters.maxSubmissions,
    };
    return this.#paged<SlotOverviewItem>('/v2/slots/overview', 'slots', query, options, 1000);
  }

  #paged<T extends { name: Record<string, string> }>(
    path: string,
    listField: string,
    query: Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>,
    options: PagingOptions & RequestOptions,
    defaultPageSize: number,
  ): PagedList<T> {
    const pageSize = positiveInteger('pageSize', options.pageSize ?? defaultPageSize);
    const limit = options.limit === undefined ? undefined : positiveInteger('limit', options.limit);
    return new PagedList<T>(
      async (pageNumber, size) => {
        const { data } = await this.#http.request<Record<string, unknown>>({
          method: 'GET',
          path,
          query: { ...query, pageNumber, pageSize: size },
          options,
        });
        const rows = Array.isArray(data?.[listField]) ? (data[listField] as Array<Record<string, unknown>>) : [];
        const items = rows.map((row) => ({ ...row, name: flattenName(row.name as SlotParameterEntry[] | undefined) }) as unknown as T);
        return { items, totalCount: typeof data?.totalCount === 'number' ? data.totalCount : items.length };
      },
      { pageSize, limit },
    );
  }
}

function instant(field: string, value: Date | string | undefined): string | undefined {
  return value === undefined ? undefined : isoInstant(field, value);
}
