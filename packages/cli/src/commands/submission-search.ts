import { type Command, Option } from 'commander';
import type { FindClosest } from '@lucots/sdk';
import type { Context } from '../context.js';
import { NotFoundCliError } from '../exit-codes.js';
import { statusText } from '../output/describe.js';
import { renderFields, renderTable } from '../output/table.js';
import { oneOf } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { action, sequenceName, sequenceOption, slotOption, submissionOption, type SubmissionRefOptions } from './common.js';

const FIND_CLOSEST: readonly FindClosest[] = ['historic', 'future', 'either', 'exact'];

interface ClosestOptions extends SubmissionRefOptions {
  onlyCompleted?: boolean;
  timeDifference?: string;
  findClosest?: FindClosest;
}

interface WindowOptions {
  sequence: string;
  expectedAfter?: string;
  expectedBefore?: string;
}

interface ListOptions extends WindowOptions {
  onlyLatestSlot: boolean;
  onlyDeliveredSlots: boolean;
  onlyCompletedSubmissions: boolean;
  onlyLatestSubmission: boolean;
}

const windowOptions = (command: Command): Command =>
  command
    .option('--expected-after <date>', 'slots expected at or after this UTC date or date-time (YYYY-MM-DD[Thh:mm:ss])')
    .option('--expected-before <date>', 'slots expected before this UTC date or date-time');

export function registerSubmissionSearch(parent: Command, runtime: Runtime): void {
  parent
    .command('find-closest')
    .description("The submission closest in time to a given one, in the same sequence's other slots")
    .addOption(slotOption())
    .addOption(submissionOption())
    .option('--only-completed', 'only completed submissions')
    .option('--time-difference <d:HH:MM:SS>', 'look this far before the reference slot (after, for future)')
    .addOption(new Option('--find-closest <direction>', 'historic, future, either or exact').argParser(oneOf(FIND_CLOSEST)).default('historic'))
    .action(action(runtime, findClosest));

  // Negatable flags keep the SDK's (and LucoPy's) names and defaults: each filter is on unless turned off.
  windowOptions(
    parent
      .command('list')
      .description('Slots of a sequence with their submissions, latest first')
      .addOption(sequenceOption())
      .option('--no-only-latest-slot', 'every slot, not just the latest')
      .option('--no-only-delivered-slots', 'slots that were not delivered too')
      .option('--no-only-completed-submissions', 'submissions that did not complete too')
      .option('--no-only-latest-submission', "every submission of a slot, not just its latest"),
  ).action(action(runtime, list));

  windowOptions(
    parent
      .command('latest')
      .description('The latest completed submission of a sequence (exit 3 when there is none)')
      .addOption(sequenceOption()),
  ).action(action(runtime, latest));
}

async function findClosest(ctx: Context, options: ClosestOptions): Promise<void> {
  const api = await ctx.api();
  const found = await api.findSubmissionInSlotSequence(options.slot, options.submission, {
    onlyCompletedSubmissions: options.onlyCompleted === true,
    timeDifference: options.timeDifference,
    findClosest: options.findClosest,
  });
  // LucoPy documents what this answer holds but not its field names (these are LucoTS's): when it
  // has no `slotSubmissionId` at all, it is shown as the server sent it, as LucoPy hands it over.
  const known = found !== null && typeof found === 'object' && 'slotSubmissionId' in found;
  if (known && typeof found.slotSubmissionId !== 'number') throw new NotFoundCliError(`no submission matches near submission ${options.submission} of slot ${options.slot}`);
  if (ctx.json || !known) {
    if (!ctx.json) ctx.out.note('luco: the server names its answer\'s fields differently; shown as it came:');
    ctx.out.document(found);
    return;
  }
  ctx.out.write(
    renderFields(
      [
        ['slotId', found.slotId],
        ['submissionId', found.slotSubmissionId],
        ['exactMatch', found.isExactMatch],
        ['timeDifference', found.timeDifference],
        ['slotDifference', found.slotDifference],
      ],
      ctx.out.colours,
    ),
  );
}

async function list(ctx: Context, options: ListOptions): Promise<void> {
  const api = await ctx.api();
  const result = await api.findSubmissionsBySlotSequence(sequenceName(options.sequence), {
    onlyLatestSlot: options.onlyLatestSlot,
    onlyDeliveredSlots: options.onlyDeliveredSlots,
    onlyCompletedSubmissions: options.onlyCompletedSubmissions,
    onlyLatestSubmission: options.onlyLatestSubmission,
    expectedAfterUtc: options.expectedAfter,
    expectedBeforeUtc: options.expectedBefore,
  });
  if (ctx.json) {
    ctx.out.document(result);
    return;
  }
  const rows = result.slots.flatMap((slot) => slot.submissions.map((submission) => ({ slot, submission })));
  if (rows.length === 0) {
    ctx.out.note('No submissions match.');
    return;
  }
  const c = ctx.out.colours;
  ctx.out.write(
    renderTable(
      [
        { header: 'slot', value: (row) => row.slot.slotId, align: 'right' },
        { header: 'tag', value: (row) => row.slot.tag },
        { header: 'expectedBy', value: (row) => row.slot.expectedBy },
        { header: 'submission', value: (row) => row.submission.slotSubmissionId, align: 'right' },
        { header: 'status', value: (row) => row.submission.status, style: (text) => statusText(c, text) },
      ],
      rows,
      c,
    ),
  );
}

async function latest(ctx: Context, options: WindowOptions): Promise<number | void> {
  const api = await ctx.api();
  const found = await api.findLatestSubmissionBySlotSequence(sequenceName(options.sequence), {
    expectedAfterUtc: options.expectedAfter,
    expectedBeforeUtc: options.expectedBefore,
  });
  if (!found) throw new NotFoundCliError(`no completed submission in ${options.sequence}`);
  if (ctx.json) ctx.out.document(found);
  else ctx.out.write(renderFields([['slotId', found.slotId], ['submissionId', found.submissionId]], ctx.out.colours));
}
