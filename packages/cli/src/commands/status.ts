import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Context } from '../context.js';
import type { Runtime } from '../runtime.js';
import { action, slotOption, submissionOf, submissionOption, type SubmissionRefOptions } from './common.js';

interface SubmitOptions extends SubmissionRefOptions {
  status: string;
  stage: string;
  message?: string;
  type?: string;
  modifiedBy?: string;
  occurredOn?: string;
}

/** The statuses Luco documents; any case, and InProgress, are accepted and sent in Luco's spelling. */
function parseStatus(value: string): string {
  const known: Record<string, string> = { completed: 'Completed', failed: 'Failed', inprogress: 'In Progress' };
  const found = known[value.toLowerCase().replace(/[\s_-]/g, '')];
  if (!found) throw new InvalidArgumentError('must be Completed, Failed or "In Progress"');
  return found;
}

export function registerStatus(program: Command, runtime: Runtime): void {
  const status = program.command('status').description('Status events of a submission');
  status
    .command('submit')
    .description('Record a status event; on stage Submission (the default) it sets the submission\'s own status')
    .addOption(slotOption())
    .addOption(submissionOption())
    .addOption(new Option('--status <status>', 'Completed, Failed or "In Progress"').argParser(parseStatus).makeOptionMandatory())
    .option('--stage <stage>', 'the stage the status is for', 'Submission')
    .option('--message <text>', 'why (e.g. the error of a failed run)')
    .option('--type <type>', 'event type')
    .option('--modified-by <who>', 'who reports it (default: the client id, on the server)')
    .option('--occurred-on <instant>', 'when it happened, for events recorded after the fact (LucoTS server extension)')
    .action(action(runtime, submit));
}

async function submit(ctx: Context, options: SubmitOptions): Promise<void> {
  const submission = await submissionOf(ctx, options);
  await submission.submitStatus(options.status, {
    stage: options.stage,
    message: options.message,
    type: options.type,
    modifiedBy: options.modifiedBy,
    occurredOn: options.occurredOn,
  });
  if (ctx.json) ctx.out.document({ slotId: options.slot, submissionId: options.submission, stage: options.stage, status: options.status });
  else ctx.out.note(`Recorded ${options.status} on stage ${options.stage} of submission ${options.submission}`);
}
