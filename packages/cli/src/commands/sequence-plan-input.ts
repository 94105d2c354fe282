import { CommanderError, type Command, Option } from 'commander';
import type { PlanOptions, SlotSequencePlan } from '@lucots/sdk';
import type { Context } from '../context.js';
import { LUCO_COMMANDER_CODE, UsageError } from '../exit-codes.js';
import { errorLines, sourceOf } from '../output/plan.js';
import { collectWhole } from '../parse/options.js';
import { parseSequenceName } from '../parse/sequence-name.js';
import { sequenceFilePaths } from '../sequence-files/paths.js';
import { readSequenceFiles, type SequenceFiles } from '../sequence-files/read.js';

/** The options `plan` and `apply` share: what the files are, and what to prune. */
export interface PlanInputOptions {
  file: string[];
  prune?: boolean;
  scope?: string;
}

export function addPlanInputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --file <path>', 'a YAML or JSON file in the import format, or a folder of them (repeatable)').argParser(collectWhole).makeOptionMandatory())
    .option('--prune', 'archive the active sequences in --scope that the files no longer hold')
    .option('--scope <parts>', 'what --prune may archive: sequences whose name has all these parts, e.g. client=acme');
}

/** The request a plan and its apply send: the files are the desired state, so updates and archiving are allowed. */
export function planOptionsOf(options: PlanInputOptions): PlanOptions {
  if (options.prune && options.scope === undefined) throw new UsageError('--prune needs --scope (e.g. --scope client=acme): a prune never reaches every sequence');
  if (!options.prune && options.scope !== undefined) throw new UsageError('--scope limits --prune; give --prune too');
  const base = { allowOverwrites: true, allowArchiving: true };
  if (!options.prune) return base;
  const scope: Record<string, string> = {};
  for (const [key, value] of parseSequenceName(options.scope!, '--scope')) {
    if (key in scope) throw new UsageError(`--scope: the key ${JSON.stringify(key)} is given twice`);
    scope[key] = value;
  }
  return { ...base, prune: { scope } };
}

export interface PlannedFiles {
  files: SequenceFiles;
  options: PlanOptions;
  plan: SlotSequencePlan;
}

/** Reads the files and asks the server for the plan. */
export async function planFromFiles(ctx: Context, input: PlanInputOptions): Promise<PlannedFiles> {
  const options = planOptionsOf(input);
  const files = await readSequenceFiles(await sequenceFilePaths(input.file));
  const api = await ctx.api();
  const plan = await api.planSlotSequences(files.items, options);
  return { files, options, plan };
}

/** The plan as --json prints it: the SDK's plan, each item with its file and line, errors with theirs. */
export function planDocument(plan: SlotSequencePlan, files: SequenceFiles): unknown {
  return {
    ...plan,
    items: plan.items.map((item) => {
      const source = sourceOf(item, files.sources);
      return { ...item, source: source ? { file: source.file, line: source.line } : null, ...(item.errors.length > 0 ? { errorLines: errorLines(item, files.sources) } : {}) };
    }),
  };
}

/** Makes the command's usage errors (bad flags) exit with `code` instead of 2. */
export function usageExitCode(command: Command, code: number): Command {
  return command.exitOverride((error) => {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) throw error;
    throw new CommanderError(code, LUCO_COMMANDER_CODE, error.message);
  });
}
