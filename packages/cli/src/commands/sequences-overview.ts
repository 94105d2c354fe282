import { type Command, Option } from 'commander';
import type { SlotSequenceOverviewItem, SlotSequencesSortBy } from '@lucots/sdk';
import type { Context } from '../context.js';
import { nameText } from '../output/describe.js';
import { collect, nonNegativeInteger, text } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { nameFilterOptions, pagingOptions, printOverview, sortOptions, type PagingFlags } from './overview.js';

const SORT_BY: readonly SlotSequencesSortBy[] = ['type', 'slotSequence', 'cadence', 'slots', 'overdue', 'failed', 'lastDelivery', 'upcoming'];

interface Filters extends PagingFlags {
  archived?: boolean;
  type?: string[];
  cadence?: string[];
  overdueCountStart?: number;
  overdueCountEnd?: number;
  failedCountStart?: number;
  failedCountEnd?: number;
  nameValue?: string[];
  nameOperator?: 'and' | 'or';
  lastDeliverySlotStart?: string;
  lastDeliverySlotEnd?: string;
  upcomingSlotStart?: string;
  upcomingSlotEnd?: string;
  sortBy?: SlotSequencesSortBy;
  sortDir?: 'asc' | 'desc';
}

export function registerSequencesOverview(parent: Command, runtime: Runtime): void {
  const command = parent
    .command('overview')
    .description('Sequences with their delivery health: a table, or JSON Lines with --json')
    .option('--archived', 'archived sequences instead of active ones')
    .option('--type <type>', 'sequence type (repeatable)', collect(text))
    .option('--cadence <cadence>', 'daily, weekdays, weekly, monthly (repeatable)', collect(text))
    .addOption(new Option('--overdue-count-start <n>', 'at least n overdue slots').argParser(nonNegativeInteger))
    .addOption(new Option('--overdue-count-end <n>', 'at most n overdue slots').argParser(nonNegativeInteger))
    .addOption(new Option('--failed-count-start <n>', 'at least n failed slots').argParser(nonNegativeInteger))
    .addOption(new Option('--failed-count-end <n>', 'at most n failed slots').argParser(nonNegativeInteger))
    .option('--last-delivery-slot-start <instant>', 'last delivery at or after')
    .option('--last-delivery-slot-end <instant>', 'last delivery at or before')
    .option('--upcoming-slot-start <instant>', 'next expected slot at or after')
    .option('--upcoming-slot-end <instant>', 'next expected slot at or before');
  nameFilterOptions(command);
  sortOptions(command, SORT_BY);
  pagingOptions(command).action(action(runtime, overview));
}

async function overview(ctx: Context, options: Filters): Promise<void> {
  const api = await ctx.api();
  const list = api.slotSequencesOverview(
    {
      isActive: !options.archived,
      type: options.type,
      cadence: options.cadence,
      overdueCountStart: options.overdueCountStart,
      overdueCountEnd: options.overdueCountEnd,
      failedCountStart: options.failedCountStart,
      failedCountEnd: options.failedCountEnd,
      slotSequenceNameValues: options.nameValue,
      slotSequenceNameValuesFilterOperator: options.nameOperator,
      lastDeliverySlotStart: options.lastDeliverySlotStart,
      lastDeliverySlotEnd: options.lastDeliverySlotEnd,
      upcomingSlotStart: options.upcomingSlotStart,
      upcomingSlotEnd: options.upcomingSlotEnd,
      sortBy: options.sortBy,
      sortDir: options.sortDir,
    },
    { limit: options.limit, pageSize: options.pageSize },
  );
  await printOverview<SlotSequenceOverviewItem>(
    ctx,
    list,
    [
      { header: 'id', value: (row) => row.slotSequenceId, align: 'right' },
      { header: 'sequence', value: (row) => nameText(row.name) },
      { header: 'type', value: (row) => row.type },
      { header: 'cadence', value: (row) => row.cadence },
      { header: 'slots', value: (row) => row.slots, align: 'right' },
      { header: 'overdue', value: (row) => row.overdueCount, align: 'right', style: (cell, row) => ((row.overdueCount ?? 0) > 0 ? ctx.out.colours.red(cell) : cell) },
      { header: 'failed', value: (row) => row.failedCount, align: 'right', style: (cell, row) => ((row.failedCount ?? 0) > 0 ? ctx.out.colours.red(cell) : cell) },
      { header: 'lastDelivery', value: (row) => row.lastDeliverySlot?.tag },
      { header: 'upcoming', value: (row) => row.upcomingSlot?.tag },
    ],
    'No sequences match.',
  );
}
