import { type Command, Option } from 'commander';
import type { Submission } from '@lucots/sdk';
import { Context, globalsOf } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { parseSequenceName } from '../parse/sequence-name.js';
import { positiveInteger } from '../parse/options.js';
import type { Runtime } from '../runtime.js';

/** A command body: returns an exit code, or nothing for success. Errors are mapped by main. */
export type Handler<O> = (ctx: Context, options: O, command: Command) => Promise<number | void>;

/** Wraps a handler as a commander action: builds the context, records the exit code. */
export function action<O>(runtime: Runtime, handler: Handler<O>): (...params: unknown[]) => Promise<void> {
  return async (...params) => {
    const command = params.at(-1) as Command;
    const ctx = new Context(globalsOf(command), runtime);
    const code = await handler(ctx, command.opts() as O, command);
    runtime.exitCode = code ?? EXIT.ok;
  };
}

export const sequenceOption = (description = 'slot sequence name: key=value,key=value (\\, for a literal comma)'): Option =>
  new Option('--sequence <name>', description).makeOptionMandatory();

export const slotOption = (): Option => new Option('--slot <id>', 'slot id').argParser(positiveInteger).makeOptionMandatory();

export const submissionOption = (): Option => new Option('--submission <id>', 'submission id').argParser(positiveInteger).makeOptionMandatory();

export const stageOption = (description = 'stage'): Option => new Option('--stage <stage>', description);

export interface SubmissionRefOptions {
  slot: number;
  submission: number;
}

/** The SDK handle for --slot/--submission (no request is made). */
export async function submissionOf(ctx: Context, options: SubmissionRefOptions): Promise<Submission> {
  return (await ctx.api()).getSubmission(options.slot, options.submission);
}

export function sequenceName(text: string, flag = '--sequence'): Array<[string, string]> {
  return parseSequenceName(text, flag);
}

/** Today's date in UTC as YYYY-MM-DD: the default tag, the same whichever zone the machine is in. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
