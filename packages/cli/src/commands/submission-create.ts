import type { Command } from 'commander';
import type { RunEnvironment } from '@lucots/sdk';
import type { Context } from '../context.js';
import type { Runtime } from '../runtime.js';
import { action, slotOption, stageOption } from './common.js';

interface CreateOptions {
  slot: number;
  stage?: string;
  detectEnv?: boolean;
  startedOn?: string;
}

export function registerSubmissionCreate(parent: Command, runtime: Runtime): void {
  parent
    .command('create')
    .description('Create a submission (In Progress) on a slot and print its id')
    .addOption(slotOption())
    .addOption(stageOption('stage the run environment is recorded against'))
    .option('--detect-env', 'record the detected run environment (CI, Databricks, Airflow, Kubernetes... or this host)')
    .option('--started-on <instant>', 'when the run started, for runs recorded after the fact (LucoTS server extension)')
    .action(action(runtime, create));
}

async function create(ctx: Context, options: CreateOptions): Promise<void> {
  const api = await ctx.api();
  const submission = await api.createSubmission(options.slot, { stage: options.stage, startedOn: options.startedOn });
  let runEnvironment: RunEnvironment | undefined;
  if (options.detectEnv) runEnvironment = await submission.submitDetectedRunEnvironment({ stage: options.stage, env: ctx.env });
  if (ctx.json) ctx.out.document({ slotId: submission.slotId, submissionId: submission.submissionId, ...(runEnvironment ? { runEnvironment } : {}) });
  else ctx.out.write(`${submission.submissionId}\n`);
}
