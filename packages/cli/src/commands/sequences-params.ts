import type { Command } from 'commander';
import type { Context } from '../context.js';
import { NotFoundCliError, UsageError } from '../exit-codes.js';
import { parametersTable } from '../output/describe.js';
import type { Runtime } from '../runtime.js';
import { action, sequenceName, sequenceOption } from './common.js';

interface ParamsOptions {
  sequence: string;
  group?: string;
  key?: string;
}

export function registerSequencesParams(parent: Command, runtime: Runtime): void {
  parent
    .command('params')
    .description("A sequence's parameters: every group, one --group, or one --group --key value (printed bare)")
    .addOption(sequenceOption())
    .option('--group <group>', 'one parameter group')
    .option('--key <key>', 'one key of --group')
    .action(action(runtime, params));
}

async function params(ctx: Context, options: ParamsOptions): Promise<void> {
  if (options.key !== undefined && options.group === undefined) throw new UsageError('--key needs --group');
  const api = await ctx.api();
  const name = sequenceName(options.sequence);
  if (options.group === undefined) {
    const all = await api.slotSequenceParameters(name);
    if (ctx.json) ctx.out.document(all);
    else ctx.out.write(parametersTable(all, ctx.out.colours));
    return;
  }
  if (options.key === undefined) {
    const group = await api.slotSequenceParameters(name, options.group);
    if (group === undefined) throw new NotFoundCliError(`no parameter group ${JSON.stringify(options.group)} in ${options.sequence}`);
    if (ctx.json) ctx.out.document(group);
    else ctx.out.write(parametersTable({ [options.group]: group }, ctx.out.colours));
    return;
  }
  const value = await api.slotSequenceParameters(name, options.group, options.key);
  if (value === undefined) throw new NotFoundCliError(`no parameter ${options.group}.${options.key} in ${options.sequence}`);
  // Bare, so `$(luco sequences params ... --group g --key k)` is the value itself.
  if (ctx.json) ctx.out.document(value);
  else ctx.out.write(`${value}\n`);
}
