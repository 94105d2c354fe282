import { type Command, Option } from 'commander';
import type { PagedList } from '@lucots/sdk';
import type { Context } from '../context.js';
import { type Column, renderTable } from '../output/table.js';
import { collectWhole, oneOf, positiveInteger } from '../parse/options.js';

/** Paging flags shared by both overviews. */
export interface PagingFlags {
  limit?: number;
  pageSize?: number;
}

export function pagingOptions(command: Command): Command {
  return command
    .addOption(new Option('--limit <n>', 'stop after n rows (default: every row)').argParser(positiveInteger))
    .addOption(new Option('--page-size <n>', 'rows per request').argParser(positiveInteger));
}

export function sortOptions(command: Command, sortBy: readonly string[]): Command {
  return command
    .addOption(new Option('--sort-by <field>', sortBy.join(', ')).argParser(oneOf(sortBy)))
    .addOption(new Option('--sort-dir <dir>', 'asc or desc').argParser(oneOf(['asc', 'desc'] as const)));
}

export function nameFilterOptions(command: Command): Command {
  return command
    .option('--name-value <value>', 'a name value to match (repeatable)', collectWhole)
    .addOption(new Option('--name-operator <op>', 'how --name-value filters combine: and, or').argParser(oneOf(['and', 'or'] as const)));
}

/**
 * Prints an overview. With --json, JSON Lines: one object per row, written as each page arrives,
 * so `| jq` or `| head` work on any size. Otherwise an aligned table, once every row is in.
 */
export async function printOverview<T>(ctx: Context, list: PagedList<T>, columns: ReadonlyArray<Column<T>>, empty: string): Promise<void> {
  if (ctx.json) {
    for await (const row of list) ctx.out.line(row);
    return;
  }
  const rows = await list.toArray();
  if (rows.length === 0) ctx.out.note(empty);
  else ctx.out.write(renderTable(columns, rows, ctx.out.colours));
}
