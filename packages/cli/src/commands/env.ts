import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { readJsonInput } from '../io/input.js';
import { parseAssignments } from '../parse/values.js';
import type { Runtime } from '../runtime.js';
import { action, slotOption, stageOption, submissionOf, submissionOption, type SubmissionRefOptions } from './common.js';

interface SubmitOptions extends SubmissionRefOptions {
  stage?: string;
  detect?: boolean;
  file?: string;
}

export function registerEnv(program: Command, runtime: Runtime): void {
  const env = program.command('env').description('Run environments: where and how a run happened');
  env
    .command('submit')
    .description('Record a run environment: detected, from a JSON file, or from key=value arguments')
    .addOption(slotOption())
    .addOption(submissionOption())
    .addOption(stageOption())
    .option('--detect', 'detect the platform (CI, Databricks, Airflow, Kubernetes... or this host)')
    .option('--file <path>', 'a JSON object, or a list of them; - reads stdin')
    .argument('[key=value...]', 'fields of one run environment, e.g. platform=cron referenceUrl=https://...')
    .action(action(runtime, submit));
}

async function submit(ctx: Context, options: SubmitOptions, command: Command): Promise<void> {
  const pairs = (command.processedArgs[0] as string[] | undefined) ?? [];
  const modes = [options.detect === true, options.file !== undefined, pairs.length > 0].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give exactly one of --detect, --file or key=value arguments');
  const submission = await submissionOf(ctx, options);

  let recorded: unknown;
  if (options.detect) {
    recorded = await submission.submitDetectedRunEnvironment({ stage: options.stage, env: ctx.env });
  } else {
    // Values stay text: run ids and build numbers are identifiers, not quantities.
    const environments = options.file !== undefined ? await fromFile(ctx, options.file) : Object.fromEntries(parseAssignments(pairs, 'run environment'));
    await submission.submitRunEnvironment(environments, { stage: options.stage });
    recorded = environments;
  }
  if (ctx.json) ctx.out.document({ slotId: options.slot, submissionId: options.submission, stage: options.stage ?? null, runEnvironment: recorded });
  else ctx.out.note(`Recorded the run environment on submission ${options.submission}`);
}

async function fromFile(ctx: Context, path: string): Promise<Record<string, unknown> | Array<Record<string, unknown>>> {
  const value = await readJsonInput(path, ctx.stdin);
  const isObject = (item: unknown): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item);
  if (isObject(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every(isObject)) return value;
  throw new UsageError(`${path}: expected a JSON object or a non-empty list of objects`);
}
