import type { Command } from 'commander';
import { PlanOutdatedError, type SlotSequencePlan } from '@lucots/sdk';
import type { Context } from '../context.js';
import { CliError, EXIT, UsageError } from '../exit-codes.js';
import { confirm } from '../io/confirm.js';
import { hasChanges, renderPlan } from '../output/plan.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { addPlanInputOptions, planDocument, planFromFiles, type PlanInputOptions } from './sequence-plan-input.js';

interface ApplyOptions extends PlanInputOptions {
  yes?: boolean;
}

export function registerSequencesApply(parent: Command, runtime: Runtime): void {
  const command = parent
    .command('apply')
    .description('Make the server hold what these files say: shows the plan, asks (unless --yes), applies exactly that plan');
  addPlanInputOptions(command)
    .option('-y, --yes', 'apply without asking (needed when there is no terminal to ask on, e.g. in CI)')
    .action(action(runtime, applyAction));
}

async function applyAction(ctx: Context, options: ApplyOptions): Promise<number> {
  const { files, plan, options: planOptions } = await planFromFiles(ctx, options);
  if (!ctx.json) ctx.out.write(renderPlan(plan, files.sources, ctx.out.colours));
  if (plan.counts.notProcessed > 0) {
    if (ctx.json) ctx.out.document({ plan: planDocument(plan, files), applied: null });
    throw new CliError(`${plan.counts.notProcessed} invalid ${plan.counts.notProcessed === 1 ? 'sequence' : 'sequences'} in the files; nothing was applied`);
  }
  if (!hasChanges(plan)) {
    if (ctx.json) ctx.out.document({ plan: planDocument(plan, files), applied: null });
    else ctx.out.note('Nothing to do: the server already holds what the files say.');
    return EXIT.ok;
  }
  if (options.yes !== true) {
    if (!ctx.stdin.isTTY) throw new UsageError('not applying: there is no terminal to ask on (stdin is not a TTY); review the plan and give --yes to apply it. Nothing was changed');
    if (!(await confirm(ctx.stdin, (text) => ctx.out.prompt(text), 'Apply this plan?'))) throw new CliError('not applied: the answer was not yes. Nothing was changed');
  }

  const api = await ctx.api();
  let applied: SlotSequencePlan;
  try {
    applied = await api.applySlotSequences(files.items, { ...planOptions, expectedFingerprint: plan.fingerprint });
  } catch (error) {
    if (error instanceof PlanOutdatedError) {
      throw new CliError('not applied: the sequences this plan depends on changed on the server since it was made (someone else applied or imported); nothing was changed. Run it again to see the new plan');
    }
    throw error;
  }
  if (ctx.json) ctx.out.document({ plan: planDocument(plan, files), applied: planDocument(applied, files) });
  else {
    const { created, updated, archived } = applied.counts;
    ctx.out.note(`Applied: ${created} created, ${updated} updated, ${archived} archived.`);
  }
  return EXIT.ok;
}
