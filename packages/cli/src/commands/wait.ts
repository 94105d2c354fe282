import { type Command, Option } from 'commander';
import type { GatePolicy, SlotVerdict } from '@lucots/sdk';
import type { Context } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { durationText } from '../parse/durations.js';
import { formatSequenceName } from '../parse/sequence-name.js';
import type { Runtime } from '../runtime.js';
import { action, sequenceName, sequenceOption, todayUtc } from './common.js';

const POLICIES: readonly GatePolicy[] = ['completed', 'noCancelledChecks', 'noFailedChecks'];

interface WaitOptions {
  sequence: string;
  tag?: string;
  policy?: GatePolicy;
}

/** How long luco wait waits without --timeout. */
const DEFAULT_WAIT_SECONDS = 3600;
/** Each long poll's own request timeout comes from the SDK; this bounds the token request. */
const REQUEST_TIMEOUT_MS = 60_000;

export function registerWait(program: Command, runtime: Runtime): void {
  program
    .command('wait')
    .description(
      'Wait until a slot is delivered and passes (exit 0), fails (exit 7) or --timeout passes (exit 8, default 1h; here the whole wait: 90, 30s, 15m, 2h): a gate for a downstream job (LucoTS servers)',
    )
    .addOption(sequenceOption())
    .addOption(new Option('--tag <tag>', 'the slot tag (default: today, UTC, YYYY-MM-DD)'))
    .addOption(
      new Option('--policy <policy>', 'what passing requires: completed, noCancelledChecks (no quality stop; the default) or noFailedChecks (no failed check at all)').choices(POLICIES),
    )
    .action(action(runtime, wait));
}

async function wait(ctx: Context, options: WaitOptions): Promise<number> {
  const name = sequenceName(options.sequence);
  const tag = options.tag ?? todayUtc();
  const label = `${formatSequenceName(name)} ${tag}`;
  // The global --timeout is the whole wait here, not one request's.
  const timeoutSeconds = ctx.globals.timeout ?? DEFAULT_WAIT_SECONDS;
  const started = Date.now();
  ctx.out.note(`luco: waiting for ${label} to pass (policy ${options.policy ?? 'noCancelledChecks'}), at most ${durationText(timeoutSeconds)}`);
  let said = '';
  const verdict = await (await ctx.createApi({ timeoutMs: REQUEST_TIMEOUT_MS })).waitForSlot(tag, name, {
    timeout: Math.round(timeoutSeconds * 1000),
    ...(options.policy ? { policy: options.policy } : {}),
    onProgress: (event) => {
      const line = 'verdict' in event ? `${event.verdict.verdict}: ${reasonsText(event.verdict)}` : `cannot reach Luco (${event.retrying.message}); asking again in ${Math.ceil(event.inMs / 1000)}s`;
      // Progress on stderr, once per change: a long wait's log stays short.
      if (line !== said) ctx.out.note(`luco: ${label}: ${line} (after ${durationText(Math.round((Date.now() - started) / 1000))})`);
      said = line;
    },
  });
  const timedOut = verdict.verdict === 'pending';
  if (ctx.json) ctx.out.document({ ...verdict, timedOut });
  else ctx.out.write(`${verdict.verdict}${timedOut ? ` (timed out after ${durationText(timeoutSeconds)})` : ''}: ${reasonsText(verdict)}\n`);
  if (verdict.verdict === 'passed') return EXIT.ok;
  return timedOut ? EXIT.gateTimedOut : EXIT.gateFailed;
}

function reasonsText(verdict: SlotVerdict): string {
  return verdict.reasons.map((reason) => (reason.checks?.length ? `${reason.message} (${reason.checks.join(', ')})` : reason.message)).join('; ');
}
