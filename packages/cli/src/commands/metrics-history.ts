import { type Command, Option } from 'commander';
import type { MetricHistory } from '@lucots/sdk';
import type { Context } from '../context.js';
import { sparkline } from '../output/sparkline.js';
import { renderTable } from '../output/table.js';
import { statusColour } from '../output/colour.js';
import type { Runtime } from '../runtime.js';
import { action, sequenceName, sequenceOption } from './common.js';

interface HistoryOptions {
  sequence: string;
  metric: string;
  stage?: string;
  from?: string;
  to?: string;
  every?: boolean;
}

/** `luco metrics history`: a sequence's values of one metric over time, as a table and a sparkline. */
export function registerMetricsHistory(metrics: Command, runtime: Runtime): void {
  metrics
    .command('history')
    .description("A sequence's values of one metric over time: one per slot from its latest completed submission (or every submission), with a sparkline (LucoTS servers)")
    .addOption(sequenceOption())
    .addOption(new Option('--metric <name>', 'the metric, e.g. rows').makeOptionMandatory())
    .addOption(new Option('--stage <stage>', 'the stage it was recorded with (default: the values recorded without a stage)'))
    .addOption(new Option('--from <instant>', 'only slots at or after this date or date-time (UTC unless it has a zone)'))
    .addOption(new Option('--to <instant>', 'only slots at or before this date (the whole day) or date-time'))
    .addOption(new Option('--every', 'every submission of each slot, whatever its status'))
    .action(action(runtime, history));
}

async function history(ctx: Context, options: HistoryOptions): Promise<void> {
  const result = await (await ctx.api()).metricHistory(sequenceName(options.sequence), {
    metric: options.metric,
    stage: options.stage,
    from: options.from,
    to: options.to,
    every: options.every === true,
  });
  if (ctx.json) {
    ctx.out.document(result);
    return;
  }
  ctx.out.write(historyText(result, ctx));
  if (result.nonNumeric > 0) ctx.out.note(`luco: ${result.nonNumeric} text value${result.nonNumeric === 1 ? '' : 's'} of ${options.metric} left out (only numbers are plotted)`);
}

function historyText(result: MetricHistory, ctx: Context): string {
  const colours = ctx.out.colours;
  const label = `${result.metric}${result.stage === null ? '' : ` (${result.stage})`}`;
  if (result.values.length === 0) return `${label}: no values\n`;
  const table = renderTable(
    [
      { header: 'TAG', value: (point) => point.tag },
      { header: 'TIME', value: (point) => point.slotTime },
      { header: 'VALUE', value: (point) => point.value, align: 'right' },
      { header: 'SUBMISSION', value: (point) => point.slotSubmissionId, align: 'right' },
      { header: 'STATUS', value: (point) => point.status, style: (text) => statusColour(colours, text) },
    ],
    result.values,
    colours,
  );
  const values = result.values.map((point) => point.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return `${table}\n${label}  ${sparkline(values)}  min ${low}  max ${high}  last ${values.at(-1)}  (${values.length} point${values.length === 1 ? '' : 's'})\n`;
}
