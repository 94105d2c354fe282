import type { Static } from '@fastify/type-provider-typebox';
import type { AppContext, LucoApp } from '../context.js';
import { LAST_SUBMISSION_STATUSES, parseLastSubmissionStatus, parseSlotStatus } from '../domain/slot-status.js';
import { problemResponses } from '../schemas/common.js';
import { SlotSequencesOverviewQuery, SlotSequencesOverviewSchema } from '../schemas/overview-slot-sequences.js';
import { SlotsOverviewQuery, SlotsOverviewSchema } from '../schemas/overview-slots.js';
import {
  countRange,
  instantRange,
  paging,
  parseCadences,
  parseChoice,
  parseEach,
  parseFilterOperator,
  parseSortDirection,
  type CountRange,
} from '../services/overviews/query.js';
import { SEQUENCE_SORT_KEYS, SlotSequenceOverviewService, type SequenceOverviewItem } from '../services/overviews/slot-sequences.js';
import { SLOT_SORT_KEYS, SlotOverviewService } from '../services/overviews/slots.js';
import { parseQueryBoolean } from '../wire/booleans.js';
import { iso, isoOrNull } from '../wire/instants.js';
import { toWireName } from '../wire/names.js';

/** The two overviews: slot sequences with their delivery health, and slots with their status. */
export async function overviewRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const sequences = new SlotSequenceOverviewService(ctx);
  const slots = new SlotOverviewService(ctx);

  app.get(
    '/v2/slotsequences/overview',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['overviews'],
        summary: 'Slot sequences with their slot counts, last delivery and upcoming slot; filtered, sorted and paged',
        description: 'Active scheduled sequences get their slots up to today first, so the counts are current.',
        querystring: SlotSequencesOverviewQuery,
        response: { 200: SlotSequencesOverviewSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = paging(query.pageNumber, query.pageSize, 500);
      const names = query.slotSequenceDefinitionValues;
      const operator = parseFilterOperator(query.slotSequenceDefinitionValuesFilterOperator);
      const result = await sequences.list({
        filter: {
          isActive: parseQueryBoolean('isActive', query.isActive, true),
          types: nonEmpty(query.type),
          cadences: parseCadences(query.cadence),
          nameValues: names && names.length > 0 ? { values: names, operator } : undefined,
          nameContains: nonEmpty(query.nameContains),
          overdue: countRange(query.overdueCountStart, query.overdueCountEnd),
          failed: failedCountRange(query.failedCountStart, query.failedCountEnd),
          lastDelivery: rangeOfInstants(instantRange('lastDeliverySlotStart', query.lastDeliverySlotStart, 'lastDeliverySlotEnd', query.lastDeliverySlotEnd)),
        },
        upcoming: instantRange('upcomingSlotStart', query.upcomingSlotStart, 'upcomingSlotEnd', query.upcomingSlotEnd),
        sortBy: parseChoice('sortBy', query.sortBy, SEQUENCE_SORT_KEYS),
        direction: parseSortDirection(query.sortDir),
        paging: page,
      });
      return { totalCount: result.totalCount, pageNumber: page.pageNumber, pageSize: page.pageSize, slotSequences: result.items.map(sequenceItem) };
    },
  );

  app.get(
    '/v2/slots/overview',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['overviews'],
        summary: 'Slots with their status and submissions; filtered, sorted and paged',
        description: 'Active scheduled sequences get their slots up to today first, so Overdue slots show.',
        querystring: SlotsOverviewQuery,
        response: { 200: SlotsOverviewSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = paging(query.pageNumber, query.pageSize, 1000);
      const names = query.slotSequenceDefinitionValues;
      const operator = parseFilterOperator(query.slotSequenceDefinitionValuesFilterOperator);
      const result = await slots.list({
        filter: {
          slotIds: nonEmpty(query.slotId),
          sequenceIds: nonEmpty(query.slotSequenceId),
          types: nonEmpty(query.type),
          cadences: parseCadences(query.cadence),
          statuses: parseEach('slotStatus', query.slotStatus, parseSlotStatus, 'one of Awaiting, InProgress, Delivered, DeliveredLate, Overdue, Failed'),
          nameValues: names && names.length > 0 ? { values: names, operator } : undefined,
          expectedBy: rangeOfInstants(instantRange('expectedByStart', query.expectedByStart, 'expectedByEnd', query.expectedByEnd)),
          updatedOn: rangeOfInstants(instantRange('updatedOnStart', query.updatedOnStart, 'updatedOnEnd', query.updatedOnEnd)),
          createdOn: rangeOfInstants(instantRange('createdOnStart', query.createdOnStart, 'createdOnEnd', query.createdOnEnd)),
          lastSubmissionStatuses: parseEach('lastSubmissionStatus', query.lastSubmissionStatus, parseLastSubmissionStatus, `one of ${LAST_SUBMISSION_STATUSES.join(', ')}`),
          submissions: countRange(query.minSubmissions, query.maxSubmissions),
        },
        sortBy: parseChoice('sortBy', query.sortBy, SLOT_SORT_KEYS),
        direction: parseSortDirection(query.sortDir),
        paging: page,
      });
      return {
        totalCount: result.totalCount,
        pageNumber: page.pageNumber,
        pageSize: page.pageSize,
        slots: result.items.map(({ row, name }) => ({
          slotId: row.id,
          slotSequenceId: row.slotSequenceId,
          name: toWireName(name),
          tag: row.tag,
          type: row.type,
          cadence: row.cadence,
          slotStatus: row.status,
          expectedBy: isoOrNull(row.expectedBy),
          createdOn: iso(row.createdOn),
          updatedOn: iso(row.updatedOn),
          submissions: row.submissionCount,
          lastSubmissionId: row.lastSubmissionId,
          lastSubmissionStatus: row.lastSubmissionStatus,
        })),
      };
    },
  );
}

type SequencesQuery = Static<typeof SlotSequencesOverviewQuery>;

/**
 * failedCountStart once is a lower bound; repeated, its smallest value is the lower bound and its
 * largest the upper bound (LucoPy's duplicate-key defect, see the schema); failedCountEnd is an
 * upper bound too. All bounds apply.
 */
function failedCountRange(starts: SequencesQuery['failedCountStart'], end: number | undefined): CountRange | undefined {
  const values = starts ?? [];
  const min = values.length > 0 ? Math.min(...values) : undefined;
  const maxes = [...(values.length > 1 ? [Math.max(...values)] : []), ...(end !== undefined ? [end] : [])];
  return countRange(min, maxes.length > 0 ? Math.min(...maxes) : undefined);
}

function rangeOfInstants(range: { from?: number; to?: number } | undefined) {
  return range ? { min: range.from, max: range.to } : undefined;
}

function nonEmpty<T>(values: T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

function sequenceItem(item: SequenceOverviewItem) {
  const { row, lastDeliverySlot: last, upcoming } = item;
  return {
    slotSequenceId: row.id,
    name: toWireName(item.name),
    type: row.type,
    cadence: row.cadence,
    isActive: row.isActive,
    slots: row.slots,
    overdueCount: row.overdueCount,
    failedCount: row.failedCount,
    lastDeliverySlot: last
      ? { slotId: last.id, tag: last.tag, expectedBy: isoOrNull(last.expectedBy), deliveredOn: isoOrNull(last.deliveredOn) }
      : null,
    upcomingSlot: upcoming ? { tag: upcoming.tag, expectedBy: iso(upcoming.expectedBy) } : null,
  };
}
