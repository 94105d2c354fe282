import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { metricsTable } from '../output/describe.js';
import { collectWhole } from '../parse/options.js';
import { parseAssignments, parseMetricValue } from '../parse/values.js';
import type { Runtime } from '../runtime.js';
import { action, slotOption, stageOption, submissionOf, submissionOption, type SubmissionRefOptions } from './common.js';
import { registerMetricsHistory } from './metrics-history.js';
import { registerMetricRules } from './metrics-rules.js';

interface SubmitOptions extends SubmissionRefOptions {
  stage?: string;
}

interface GetOptions extends SubmissionRefOptions {
  stage?: string[];
  metric?: string[];
  groupByStage?: boolean;
  includeDuplicates?: boolean;
}

export function registerMetrics(program: Command, runtime: Runtime): void {
  const metrics = program.command('metrics').description("Metrics of a submission, a sequence's metric history, and metric anomaly rules");
  metrics
    .command('submit')
    .description('Record metrics: name=value (a value that reads as a JSON number is sent as a number, anything else as text)')
    .addOption(slotOption())
    .addOption(submissionOption())
    .addOption(stageOption())
    .argument('<name=value...>', 'metrics, e.g. rows=1200 source=sftp')
    .action(action(runtime, submit));
  metrics
    .command('get')
    .description('Metrics recorded on a submission (the latest value of each, unless --include-duplicates)')
    .addOption(slotOption())
    .addOption(submissionOption())
    .option('--stage <stage>', 'only this stage (repeatable)', collectWhole)
    .option('--metric <name>', 'only this metric (repeatable)', collectWhole)
    .option('--group-by-stage', 'JSON as { stage: { metric: value } } (metrics without a stage are left out)')
    .option('--include-duplicates', 'every recorded value, not only the latest')
    .action(action(runtime, get));
  registerMetricsHistory(metrics, runtime);
  registerMetricRules(metrics, runtime);
}

async function submit(ctx: Context, options: SubmitOptions, command: Command): Promise<void> {
  const args = command.processedArgs[0] as string[];
  const metrics = parseAssignments(args, 'metrics').map(([name, value]): [string, number | string] => [name, parseMetricValue(value)]);
  if (metrics.length === 0) throw new UsageError('give at least one name=value metric');
  const submission = await submissionOf(ctx, options);
  await submission.submitMetrics(metrics, { stage: options.stage });
  if (ctx.json) {
    ctx.out.document({ slotId: options.slot, submissionId: options.submission, stage: options.stage ?? null, metrics: metrics.map(([metric, value]) => ({ metric, value })) });
  } else {
    ctx.out.note(`Recorded ${metrics.length} metric${metrics.length === 1 ? '' : 's'} on submission ${options.submission}${options.stage ? ` (stage ${options.stage})` : ''}`);
  }
}

async function get(ctx: Context, options: GetOptions): Promise<void> {
  const submission = await submissionOf(ctx, options);
  const filters = { stages: options.stage, metrics: options.metric, includeDuplicates: options.includeDuplicates === true };
  if (options.groupByStage) {
    const grouped = await submission.getMetrics({ ...filters, groupByStage: true });
    if (ctx.json) ctx.out.document(grouped);
    else ctx.out.write(metricsTable(Object.entries(grouped).flatMap(([stage, values]) => Object.entries(values).map(([metric, value]) => ({ stage, metric, value }))), ctx.out.colours));
    return;
  }
  const records = await submission.getMetrics(filters);
  if (ctx.json) ctx.out.document(records);
  else ctx.out.write(metricsTable(records, ctx.out.colours));
}
