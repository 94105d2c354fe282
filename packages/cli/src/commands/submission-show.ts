import type { Command } from 'commander';
import type { Context } from '../context.js';
import { heading, metricsTable, nameText, parametersTable, qualityTable, scheduleText, statusText } from '../output/describe.js';
import { renderFields } from '../output/table.js';
import type { Runtime } from '../runtime.js';
import { action, slotOption, submissionOf, submissionOption, type SubmissionRefOptions } from './common.js';

export function registerSubmissionShow(parent: Command, runtime: Runtime): void {
  parent
    .command('show')
    .description('A submission: details, parameters, schedule, metrics and quality')
    .addOption(slotOption())
    .addOption(submissionOption())
    .action(action(runtime, show));
}

async function show(ctx: Context, options: SubmissionRefOptions): Promise<void> {
  const submission = await submissionOf(ctx, options);
  // details, params and schedule share one cached definition request; metrics and quality are separate.
  const details = await submission.details();
  const [params, schedule, metrics, quality] = await Promise.all([submission.params(), submission.getDeliverySchedule(), submission.getMetrics(), submission.getQuality()]);
  if (ctx.json) {
    ctx.out.document({ ...details, params, schedule, metrics, quality });
    return;
  }
  const c = ctx.out.colours;
  ctx.out.write(
    renderFields(
      [
        ['slotId', details.slotId],
        ['submissionId', details.submissionId],
        ['sequence', nameText(details.name)],
        ['type', details.type],
        ['tag', details.tag],
        ['status', statusText(c, details.status)],
        ['expectedBy', details.expectedBy],
        ['started', details.startTime],
        ['ended', details.endTime],
        ['schedule', scheduleText(schedule)],
      ],
      c,
    ),
  );
  ctx.out.write(heading(c, 'Parameters') + parametersTable(params, c));
  ctx.out.write(heading(c, 'Metrics') + metricsTable(metrics, c));
  ctx.out.write(heading(c, 'Quality') + qualityTable(quality, c));
}
