import type { Command } from 'commander';
import type { Context } from '../context.js';
import { CliError, EXIT, exitCodeFor, PLAN_EXIT } from '../exit-codes.js';
import { errorMessage } from '../errors.js';
import { hasChanges, renderPlan } from '../output/plan.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { addPlanInputOptions, planDocument, planFromFiles, usageExitCode, type PlanInputOptions } from './sequence-plan-input.js';

export function registerSequencesPlan(parent: Command, runtime: Runtime): void {
  const command = parent
    .command('plan')
    .description('What `sequences apply` would do with these files, value by value, decided by the server (exit 0 nothing to do, 2 changes pending, 1 error)');
  addPlanInputOptions(command).action(action(runtime, planAction));
  usageExitCode(command, PLAN_EXIT.error);
}

async function planAction(ctx: Context, options: PlanInputOptions): Promise<number> {
  try {
    const { files, plan } = await planFromFiles(ctx, options);
    if (ctx.json) ctx.out.document(planDocument(plan, files));
    else ctx.out.write(renderPlan(plan, files.sources, ctx.out.colours));
    if (plan.counts.notProcessed > 0) {
      ctx.out.error(`${plan.counts.notProcessed} ${plan.counts.notProcessed === 1 ? 'sequence is' : 'sequences are'} invalid; fix the files (each error names its file, line and field)`);
      return PLAN_EXIT.error;
    }
    return hasChanges(plan) ? PLAN_EXIT.changesPending : PLAN_EXIT.nothingToDo;
  } catch (error) {
    // Here 2 means "changes pending": a usage error (a bad flag, file or setting) exits 1 instead.
    if (exitCodeFor(error) === EXIT.usage) throw new CliError(errorMessage(error), PLAN_EXIT.error);
    throw error;
  }
}
