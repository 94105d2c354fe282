import { type Command, Option } from 'commander';
import type { QualityInput } from '@lucots/sdk';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { readJsonInput } from '../io/input.js';
import { qualityTable } from '../output/describe.js';
import { renderFields } from '../output/table.js';
import { oneOf } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { action, slotOption, stageOption, submissionOf, submissionOption, type SubmissionRefOptions } from './common.js';

interface SubmitOptions extends SubmissionRefOptions {
  stage?: string;
  file: string;
  action?: 'Continued' | 'Cancelled';
  tool?: string;
  dataSet?: string;
  failOnCancelled?: boolean;
}

export function registerQuality(program: Command, runtime: Runtime): void {
  const quality = program.command('quality').description('Data-quality results of a submission');
  quality
    .command('submit')
    .description('Record quality results: a Luco check or collection, or Great Expectations results (JSON)')
    .addOption(slotOption())
    .addOption(submissionOption())
    .addOption(stageOption())
    .addOption(new Option('--file <path>', 'the results as JSON; - reads stdin').makeOptionMandatory())
    .addOption(new Option('--action <action>', 'Continued or Cancelled (default: worked out from the results)').argParser(oneOf(['Continued', 'Cancelled'] as const)))
    .option('--tool <name>', 'tool name, for Great Expectations results (default Great Expectations)')
    .option('--data-set <name>', 'the data set the results are about (Great Expectations results)')
    .option('--fail-on-cancelled', 'exit 1 (after recording) when the results demand a stop')
    .action(action(runtime, submit));
  quality
    .command('get')
    .description('Quality collections recorded on a submission')
    .addOption(slotOption())
    .addOption(submissionOption())
    .action(action(runtime, get));
}

async function submit(ctx: Context, options: SubmitOptions): Promise<void> {
  const results = await readJsonInput(options.file, ctx.stdin);
  if (typeof results !== 'object' || results === null || Array.isArray(results)) {
    throw new UsageError(`${options.file}: expected a JSON object (a check, a collection, or Great Expectations results)`);
  }
  const submission = await submissionOf(ctx, options);
  const outcome = await submission.submitQuality(results as QualityInput, {
    stage: options.stage,
    action: options.action,
    tool: options.tool,
    dataSet: options.dataSet,
    raiseOnCancelled: options.failOnCancelled === true,
  });
  if (ctx.json) ctx.out.document(outcome);
  else ctx.out.write(renderFields([['action', outcome.action], ['route', outcome.route]], ctx.out.colours));
}

async function get(ctx: Context, options: SubmissionRefOptions): Promise<void> {
  const collections = await (await submissionOf(ctx, options)).getQuality();
  if (ctx.json) ctx.out.document(collections);
  else ctx.out.write(qualityTable(collections, ctx.out.colours));
}
