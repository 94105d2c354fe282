import { type Command, Option } from 'commander';
import type { Context } from '../context.js';
import type { Runtime } from '../runtime.js';
import { action, sequenceName, sequenceOption, todayUtc } from './common.js';

interface FindOptions {
  sequence: string;
  tag?: string;
  create: boolean;
}

export function registerSlot(program: Command, runtime: Runtime): void {
  const slot = program.command('slot').description('Slots: one expected delivery of a sequence');
  slot
    .command('find')
    .description('Print the id of the slot tagged --tag (a new tag of an unscheduled sequence gets a new slot)')
    .addOption(sequenceOption())
    .addOption(new Option('--tag <tag>', 'the slot tag (default: today, UTC, YYYY-MM-DD)'))
    .option('--no-create', 'never create a slot: exit 3 when none has the tag')
    .action(action(runtime, find));
}

async function find(ctx: Context, options: FindOptions): Promise<void> {
  const name = sequenceName(options.sequence);
  const tag = options.tag ?? todayUtc();
  const slotId = await (await ctx.api()).findSlotId(tag, name, { createIfMissing: options.create });
  if (ctx.json) ctx.out.document({ slotId, tag, sequence: Object.fromEntries(name) });
  else ctx.out.write(`${slotId}\n`);
}
