import { type Command, Option } from 'commander';
import type { LucoApi } from '@lucots/sdk';
import { constants } from 'node:os';
import type { Context } from '../context.js';
import { errorMessage } from '../errors.js';
import { runChild } from '../run/child.js';
import { createMetricsFile, parseMetricsFile } from '../run/metrics-file.js';
import { exitCodeOf } from '../run/outcome.js';
import { PHASE_DEADLINE_MS, RunRecorder, type Report } from '../run/recorder.js';
import type { Runtime } from '../runtime.js';
import { action, sequenceName, sequenceOption, todayUtc } from './common.js';

interface RunOptions {
  sequence: string;
  tag?: string;
  stage?: string;
}

export function registerRun(program: Command, runtime: Runtime): void {
  program
    .command('run')
    .description('Run a command as a submission: In Progress when it starts, Completed or Failed when it ends; exits with its exit code')
    .addOption(sequenceOption())
    .addOption(new Option('--tag <tag>', 'the slot tag (default: today, UTC, YYYY-MM-DD)'))
    .option('--stage <stage>', 'also record the status (and metrics) on this stage')
    .argument('<command...>', 'the command and its arguments, after --')
    .addHelpText(
      'after',
      '\nExample:\n  luco run --sequence client=acme,feed=sales -- ./load.sh --full\n\n' +
        'The command gets LUCO_METRICS_FILE (write name=value lines to it), LUCO_SLOT_ID and LUCO_SUBMISSION_ID.\n' +
        'It runs even when Luco cannot be reached; luco then says on stderr what it could not record.',
    )
    .action(action(runtime, run));
}

async function run(ctx: Context, options: RunOptions, command: Command): Promise<number> {
  const [executable, ...args] = command.processedArgs[0] as string[];
  const target = { name: sequenceName(options.sequence), tag: options.tag ?? todayUtc(), stage: options.stage, env: ctx.env };
  const report: Report = (event, data, text) => (ctx.json ? ctx.out.event({ event, ...data }) : ctx.out.note(text));

  // A configuration problem must not stop the command either: say so, and run it unrecorded.
  let api: LucoApi | undefined;
  try {
    api = await ctx.api();
  } catch (error) {
    report('error', { phase: 'config', reason: errorMessage(error) }, `luco: cannot record this run in Luco: ${errorMessage(error)}`);
  }
  const recorder = new RunRecorder(api, target, report);

  // A signal before the command starts cancels the Luco calls and the run itself.
  const interrupted = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    received = signal;
    interrupted.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    await recorder.start(interrupted.signal);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  if (received) {
    await recorder.submission
      ?.submitFailedStatus(`interrupted by ${received} before the command started`, { signal: AbortSignal.timeout(PHASE_DEADLINE_MS) })
      .catch(() => undefined);
    return 128 + (constants.signals[received] ?? 0);
  }

  const metricsFile = await createMetricsFile();
  try {
    const submission = recorder.submission;
    const env: NodeJS.ProcessEnv = {
      ...ctx.env,
      LUCO_METRICS_FILE: metricsFile.path,
      ...(submission ? { LUCO_SLOT_ID: String(submission.slotId), LUCO_SUBMISSION_ID: String(submission.submissionId) } : {}),
    };
    const outcome = await runChild(executable as string, args, { env, stderr: ctx.out.stderr });
    if (outcome.spawnError) ctx.out.warn(`cannot run ${executable}: ${outcome.spawnError.message}`);

    const { metrics, problems } = parseMetricsFile(await metricsFile.read());
    for (const problem of problems) ctx.out.warn(problem);
    await recorder.finish(outcome, metrics);
    return exitCodeOf(outcome);
  } finally {
    await metricsFile.remove();
  }
}
