import { type Command, Option } from 'commander';
import type { LucoApi } from '@lucots/sdk';
import { constants } from 'node:os';
import type { Context } from '../context.js';
import { errorMessage } from '../errors.js';
import { nonNegativeSeconds } from '../parse/options.js';
import { DEFAULT_FLUSH_SECONDS, openQueue } from '../queue/delivery.js';
import { queueDir } from '../queue/folder.js';
import { runChild } from '../run/child.js';
import { failureTail, runRedactor } from '../run/failure-tail.js';
import { createMetricsFile, parseMetricsFile } from '../run/metrics-file.js';
import { exitCodeOf } from '../run/outcome.js';
import { QueuedRunRecorder } from '../run/queued-recorder.js';
import { type Recorder, RunRecorder, type Report } from '../run/recorder.js';
import type { Runtime } from '../runtime.js';
import { action, sequenceName, sequenceOption, todayUtc } from './common.js';

interface RunOptions {
  sequence: string;
  tag?: string;
  stage?: string;
  /** false with --no-queue. */
  queue: boolean;
  /** false with --no-stderr-tail. */
  stderrTail: boolean;
  queueDir?: string;
  flushTimeout?: number;
}

export function registerRun(program: Command, runtime: Runtime): void {
  program
    .command('run')
    .description('Run a command as a submission: In Progress when it starts, Completed or Failed when it ends; exits with its exit code')
    .addOption(sequenceOption())
    .addOption(new Option('--tag <tag>', 'the slot tag (default: today, UTC, YYYY-MM-DD)'))
    .option('--stage <stage>', 'also record the status (and metrics) on this stage')
    .addOption(queueDirOption())
    .option('--no-queue', 'record directly, without the queue: what cannot be recorded while Luco is unreachable is lost')
    .option('--no-stderr-tail', "send none of the command's stderr: a Failed status then says only how it ended (its exit code)")
    .addOption(
      new Option('--flush-timeout <seconds>', `how long luco waits for Luco, before the command (for its ids) and after it (for delivery) (default ${DEFAULT_FLUSH_SECONDS})`).argParser(
        nonNegativeSeconds,
      ),
    )
    .argument('<command...>', 'the command and its arguments, after --')
    .addHelpText(
      'after',
      '\nExample:\n  luco run --sequence client=acme,feed=sales -- ./load.sh --full\n\n' +
        'The command gets LUCO_METRICS_FILE (write name=value lines to it), LUCO_SLOT_ID and LUCO_SUBMISSION_ID.\n' +
        'It runs even when Luco cannot be reached: its writes stay in the queue folder and are delivered\n' +
        'by the next luco run or `luco queue flush`, with their real times.\n' +
        "A Failed status carries the end of the command's stderr with secrets redacted (tokens, password=...\n" +
        'pairs, URL passwords, the configured client secret); --no-stderr-tail sends none of it.',
    )
    .action(action(runtime, run));
}

/** `--queue-dir`, shared by `luco run` and `luco queue`. */
export function queueDirOption(): Option {
  return new Option('--queue-dir <dir>', 'the queue folder (env LUCO_QUEUE_DIR; default $XDG_STATE_HOME/luco/queue, else ~/.local/state/luco/queue)');
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
  // By default every write goes through the durable queue; --no-queue records directly.
  let recorder: Recorder | undefined;
  if (api && options.queue) {
    const flushMs = (options.flushTimeout ?? DEFAULT_FLUSH_SECONDS) * 1000;
    let queued: QueuedRunRecorder | undefined;
    try {
      const opened = await openQueue(ctx, api, queueDir(options.queueDir, ctx.env), {
        onDeadLetter: QueuedRunRecorder.onDeadLetter(() => queued, report),
        onFolderError: (message) => report('error', { phase: 'queue', reason: message }, `luco: ${message}`),
      });
      recorder = queued = new QueuedRunRecorder(opened, target, report, flushMs);
    } catch (error) {
      report('error', { phase: 'queue', reason: errorMessage(error) }, `luco: cannot open the delivery queue (${errorMessage(error)}); recording directly`);
    }
  }
  recorder ??= new RunRecorder(api, target, report);

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
    await recorder.interrupted(received);
    return 128 + (constants.signals[received] ?? 0);
  }

  const metricsFile = await createMetricsFile();
  try {
    const ids = recorder.ids;
    const env: NodeJS.ProcessEnv = {
      ...ctx.env,
      LUCO_METRICS_FILE: metricsFile.path,
      ...(ids ? { LUCO_SLOT_ID: String(ids.slotId), LUCO_SUBMISSION_ID: String(ids.submissionId) } : {}),
    };
    const ran = await runChild(executable as string, args, { env, stderr: ctx.out.stderr });
    if (ran.spawnError) ctx.out.warn(`cannot run ${executable}: ${ran.spawnError.message}`);
    // Only what is sent is redacted: the terminal got the command's stderr as it was.
    const outcome = { ...ran, stderrTail: options.stderrTail ? failureTail(ran.stderrTail, await runRedactor(ctx)) : '' };

    const { metrics, problems } = parseMetricsFile(await metricsFile.read());
    for (const problem of problems) ctx.out.warn(problem);
    // The command's exit code stands whatever happens to its recording: a signal now only cuts
    // the wait on Luco short (what is queued stays in the folder), and no error gets through.
    const stopWaiting = new AbortController();
    const onLateSignal = (): void => stopWaiting.abort();
    process.on('SIGINT', onLateSignal).on('SIGTERM', onLateSignal);
    try {
      await recorder.finish(outcome, metrics, stopWaiting.signal);
    } catch (error) {
      report('error', { phase: 'finish', reason: errorMessage(error) }, `luco: could not record the end of the run: ${errorMessage(error)}`);
    } finally {
      process.off('SIGINT', onLateSignal).off('SIGTERM', onLateSignal);
    }
    return exitCodeOf(outcome);
  } finally {
    await metricsFile.remove();
  }
}
