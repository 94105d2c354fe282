import { type Command, Option } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { heading, nameText, parametersTable, scheduleText } from '../output/describe.js';
import { renderFields } from '../output/table.js';
import { collect, collectWhole, positiveInteger } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { sequencesYaml } from '../sequence-files/yaml-export.js';
import { action, sequenceName } from './common.js';

interface ExportOptions {
  format?: 'json' | 'yaml';
  id?: number[];
  name?: string[];
  archived?: boolean;
}

interface LookupOptions {
  id?: number;
  sequence?: string;
  archived?: boolean;
}

export function registerSequencesExport(parent: Command, runtime: Runtime): void {
  parent
    .command('export')
    .description('Sequences in the import format (all of them, active and archived, unless --id/--name); --format yaml for files `sequences plan` reads')
    .addOption(new Option('--format <format>', 'json (default) or yaml').choices(['json', 'yaml']))
    .option('--id <id>', 'a sequence id (repeatable, or comma-separated)', collect(positiveInteger))
    .option('--name <name>', 'a sequence name key=value,... (repeatable)', collectWhole)
    .option('--archived', 'look --name up among archived sequences')
    .action(action(runtime, exportSequences));

  parent
    .command('find')
    .description('Print the id of the sequence with this name')
    .addOption(new Option('--sequence <name>', 'key=value,key=value').makeOptionMandatory())
    .option('--archived', 'among archived sequences')
    .action(action(runtime, find));

  parent
    .command('show')
    .description('A sequence by --id or --sequence: name, type, schedule and parameters')
    .addOption(new Option('--id <id>', 'sequence id').argParser(positiveInteger).conflicts('sequence'))
    .option('--sequence <name>', 'key=value,key=value')
    .option('--archived', 'look --sequence up among archived sequences')
    .action(action(runtime, show));
}

async function exportSequences(ctx: Context, options: ExportOptions): Promise<void> {
  const api = await ctx.api();
  const names = (options.name ?? []).map((name) => sequenceName(name, '--name'));
  const sequences = await api.exportSlotSequences({ ids: options.id, names, active: options.archived ? false : undefined });
  // The export format is the import format, so `export > f; import f` (or `plan -f f`) changes nothing.
  if (options.format === 'yaml') ctx.out.write(sequencesYaml(sequences));
  else ctx.out.document(sequences);
}

async function find(ctx: Context, options: LookupOptions & { sequence: string }): Promise<void> {
  const api = await ctx.api();
  const id = await api.findSlotSequenceId(sequenceName(options.sequence), { active: options.archived !== true });
  if (ctx.json) ctx.out.document({ slotSequenceId: id });
  else ctx.out.write(`${id}\n`);
}

async function show(ctx: Context, options: LookupOptions): Promise<void> {
  if (options.id === undefined && options.sequence === undefined) throw new UsageError('give --id or --sequence');
  const api = await ctx.api();
  const id = options.id ?? (await api.findSlotSequenceId(sequenceName(options.sequence as string), { active: options.archived !== true }));
  const sequence = await api.getSlotSequence(id);
  if (ctx.json) {
    ctx.out.document(sequence);
    return;
  }
  const c = ctx.out.colours;
  const parts = [...(sequence.definition?.name ?? [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const name = Object.fromEntries(parts.map((entry) => [entry.slotParameter.key, entry.slotParameter.value]));
  const parameters = Object.fromEntries(
    (sequence.parameters?.slotParameterGroups ?? []).map((group) => [group.slotParameterGroupName, Object.fromEntries(group.slotParameters.map((p) => [p.key, p.value]))]),
  );
  ctx.out.write(
    renderFields(
      [
        ['id', sequence.slotSequenceId],
        ['sequence', nameText(name)],
        ['type', sequence.definition?.type?.slotSequenceTypeName],
        ['active', sequence.isActive],
        ['schedule', scheduleText(sequence.delivery?.find((schedule) => schedule?.isActive === true))],
      ],
      c,
    ),
  );
  ctx.out.write(heading(c, 'Parameters') + parametersTable(parameters, c));
}
