import type { Command } from 'commander';
import type { FieldChange, ImportCounts, ImportResult, SlotSequencePlan } from '@lucots/sdk';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { readJsonInput } from '../io/input.js';
import { nameText, statusText } from '../output/describe.js';
import { renderTable } from '../output/table.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';

interface ImportOptions {
  allowOverwrites?: boolean;
  allowArchiving?: boolean;
  ignoreDeliveryConfig?: boolean;
  dryRun?: boolean;
}

type Row = { name: Record<string, string>; slotSequenceId?: unknown; result?: unknown; errors?: unknown; changes?: unknown; notApplied?: unknown };

/** What `--dry-run` prints: the server's plan in the import's shape. */
interface DryRun {
  dryRun: true;
  counts: ImportCounts;
  imports: Array<{ name: Record<string, string>; slotSequenceId: number | null; result: string; errors?: unknown[]; changes: FieldChange[]; notApplied?: FieldChange[] }>;
}

export function registerSequencesImport(parent: Command, runtime: Runtime): void {
  parent
    .command('import')
    .description('Create, update and archive sequences from a file in the export format (exit 1 if an item is NotProcessed)')
    .argument('<file>', 'JSON: a list of sequences, one sequence, or { slotSequences: [...] }; - reads stdin')
    .option('--allow-overwrites', 'update sequences that differ, and reactivate archived ones')
    .option('--allow-archiving', 'archive sequences the file marks isActive: false')
    .option('--ignore-delivery-config', 'leave schedules alone (new sequences are created unscheduled)')
    .option('--dry-run', 'show what would be created, updated or archived, value by value, changing nothing (decided by a LucoTS server)')
    .action(action(runtime, importSequences));
}

async function importSequences(ctx: Context, options: ImportOptions, command: Command): Promise<number> {
  const file = command.processedArgs[0] as string;
  const items = itemsOf(await readJsonInput(file, ctx.stdin), file);
  const flags = {
    allowOverwrites: options.allowOverwrites === true,
    allowArchiving: options.allowArchiving === true,
    ignoreDeliveryConfig: options.ignoreDeliveryConfig === true,
  };
  const api = await ctx.api();
  // A dry run is the server's own import, rolled back (a LucoTS server; a reader may ask).
  const result: ImportResult | DryRun = options.dryRun ? dryRun(await api.planSlotSequences(items, flags)) : await api.submitSlotSequences(items, flags);

  if (ctx.json) ctx.out.document(result);
  else report(ctx, result, options.dryRun === true);
  return result.counts.notProcessed > 0 ? EXIT.failure : EXIT.ok;
}

function itemsOf(value: unknown, file: string): Array<Record<string, unknown>> {
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.slotSequences) ? value.slotSequences : [value];
  if (list.length === 0) throw new UsageError(`${file}: no slot sequences in it`);
  // Non-objects are left for the server (or the dry run) to report as NotProcessed items, in place.
  return list as Array<Record<string, unknown>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function report(ctx: Context, result: ImportResult | DryRun, dryRun: boolean): void {
  const c = ctx.out.colours;
  const rows = result.imports as Row[];
  ctx.out.write(
    renderTable<Row>(
      [
        { header: dryRun ? 'would be' : 'result', value: (row) => String(row.result ?? ''), style: (text) => statusText(c, text) },
        { header: 'id', value: (row) => (typeof row.slotSequenceId === 'number' ? row.slotSequenceId : undefined), align: 'right' },
        { header: 'sequence', value: (row) => nameText(row.name) },
        { header: 'details', value: (row) => details(row) },
      ],
      rows,
      c,
    ),
  );
  const counts = Object.entries(result.counts)
    .filter(([, count]) => count > 0)
    .map(([key, count]) => `${count} ${key}`)
    .join(', ');
  ctx.out.note(`${dryRun ? 'Dry run, nothing changed: would be ' : ''}${counts || 'nothing to import'}`);
}

function details(row: Row): string | undefined {
  if (Array.isArray(row.errors) && row.errors.length > 0) {
    return row.errors.map((error: { field?: unknown; message?: unknown }) => `${String(error.field)}: ${String(error.message)}`).join('; ');
  }
  if (Array.isArray(row.changes) && row.changes.length > 0) return `writes ${(row.changes as FieldChange[]).map(changeText).join(', ')}`;
  // NotUpdated: it differs, but the flag that allows the change was not given.
  if (Array.isArray(row.notApplied) && row.notApplied.length > 0) return `differs in ${(row.notApplied as FieldChange[]).map(changeText).join(', ')}`;
  return undefined;
}

function dryRun(plan: SlotSequencePlan): DryRun {
  return {
    dryRun: true,
    counts: plan.counts,
    imports: plan.items.map((item) => ({
      name: item.name,
      slotSequenceId: item.slotSequenceId,
      result: item.result,
      ...(item.errors.length > 0 ? { errors: item.errors } : {}),
      changes: item.changes,
      ...(item.notApplied.length > 0 ? { notApplied: item.notApplied } : {}),
    })),
  };
}

function changeText(change: FieldChange): string {
  const text = (value: unknown) => (value === null || value === undefined ? '(none)' : JSON.stringify(value));
  return `${change.field} ${text(change.before)} -> ${text(change.after)}`;
}
