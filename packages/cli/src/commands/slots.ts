import { type Command, Option } from 'commander';
import type { LastSubmissionStatus, SlotOverviewItem, SlotsSortBy } from '@lucots/sdk';
import type { Context } from '../context.js';
import { nameText, statusText } from '../output/describe.js';
import { collect, nonNegativeInteger, oneOf, positiveInteger, text } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { nameFilterOptions, pagingOptions, printOverview, sortOptions, type PagingFlags } from './overview.js';

const SORT_BY: readonly SlotsSortBy[] = ['type', 'slotSequence', 'cadence', 'submissions', 'status', 'slotId', 'expectedBy', 'updatedOn', 'createdOn'];
const LAST_STATUS: readonly LastSubmissionStatus[] = ['CompletedWithoutFailures', 'CompletedWithFailures', 'Failed', 'InProgress'];

interface Filters extends PagingFlags {
  slotId?: number[];
  sequenceId?: number[];
  type?: string[];
  cadence?: string[];
  status?: string[];
  nameValue?: string[];
  nameOperator?: 'and' | 'or';
  expectedByStart?: string;
  expectedByEnd?: string;
  updatedOnStart?: string;
  updatedOnEnd?: string;
  createdOnStart?: string;
  createdOnEnd?: string;
  lastSubmissionStatus?: LastSubmissionStatus[];
  minSubmissions?: number;
  maxSubmissions?: number;
  sortBy?: SlotsSortBy;
  sortDir?: 'asc' | 'desc';
}

export function registerSlots(program: Command, runtime: Runtime): void {
  const slots = program.command('slots').description('Slots across sequences');
  const command = slots
    .command('overview')
    .description('Slots with their status and submissions: a table, or JSON Lines with --json')
    .option('--slot-id <id>', 'slot id (repeatable)', collect(positiveInteger))
    .option('--sequence-id <id>', 'slot sequence id (repeatable)', collect(positiveInteger))
    .option('--type <type>', 'sequence type (repeatable)', collect(text))
    .option('--cadence <cadence>', 'daily, weekdays, weekly, monthly (repeatable)', collect(text))
    .option('--status <status>', 'slot status: Awaiting, Overdue, InProgress, Failed, Delivered, DeliveredLate (repeatable)', collect(text))
    .option('--expected-by-start <instant>', 'expected at or after')
    .option('--expected-by-end <instant>', 'expected at or before')
    .option('--updated-on-start <instant>', 'updated at or after')
    .option('--updated-on-end <instant>', 'updated at or before')
    .option('--created-on-start <instant>', 'created at or after')
    .option('--created-on-end <instant>', 'created at or before')
    .option('--last-submission-status <status>', `${LAST_STATUS.join(', ')} (repeatable)`, collect(oneOf(LAST_STATUS)))
    .addOption(new Option('--min-submissions <n>', 'at least n submissions').argParser(nonNegativeInteger))
    .addOption(new Option('--max-submissions <n>', 'at most n submissions').argParser(nonNegativeInteger));
  nameFilterOptions(command);
  sortOptions(command, SORT_BY);
  pagingOptions(command).action(action(runtime, overview));
}

async function overview(ctx: Context, options: Filters): Promise<void> {
  const api = await ctx.api();
  const list = api.slotsOverview(
    {
      slotId: options.slotId,
      slotSequenceId: options.sequenceId,
      type: options.type,
      cadence: options.cadence,
      slotStatus: options.status,
      slotSequenceNameValues: options.nameValue,
      slotSequenceNameValuesFilterOperator: options.nameOperator,
      expectedByStart: options.expectedByStart,
      expectedByEnd: options.expectedByEnd,
      updatedOnStart: options.updatedOnStart,
      updatedOnEnd: options.updatedOnEnd,
      createdOnStart: options.createdOnStart,
      createdOnEnd: options.createdOnEnd,
      lastSubmissionStatus: options.lastSubmissionStatus,
      minSubmissions: options.minSubmissions,
      maxSubmissions: options.maxSubmissions,
      sortBy: options.sortBy,
      sortDir: options.sortDir,
    },
    { limit: options.limit, pageSize: options.pageSize },
  );
  const c = ctx.out.colours;
  await printOverview<SlotOverviewItem>(
    ctx,
    list,
    [
      { header: 'slot', value: (row) => row.slotId, align: 'right' },
      { header: 'sequence', value: (row) => nameText(row.name) },
      { header: 'tag', value: (row) => row.tag },
      { header: 'status', value: (row) => row.slotStatus, style: (cell) => statusText(c, cell) },
      { header: 'expectedBy', value: (row) => row.expectedBy },
      { header: 'submissions', value: (row) => row.submissions, align: 'right' },
      { header: 'lastSubmission', value: (row) => row.lastSubmissionStatus, style: (cell) => statusText(c, cell) },
    ],
    'No slots match.',
  );
}
