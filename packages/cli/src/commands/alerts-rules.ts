import { type Command, Option } from 'commander';
import type { AlertKind, RuleCadence } from '@lucots/sdk';
import type { Context } from '../context.js';
import { ruleText, rulesTable } from '../output/alerts.js';
import { durationSeconds, reminderSeconds } from '../parse/durations.js';
import { muteWindow } from '../parse/mute-window.js';
import { collect, collectWhole, oneOf, text } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { resolveRuleId } from './alert-refs.js';
import { ruleInput, type RuleFlags } from './alert-rule-input.js';
import { action } from './common.js';

const KINDS: readonly AlertKind[] = ['overdue', 'failed', 'quality_cancelled', 'quality_failed', 'delivered_late'];
const CADENCES: readonly RuleCadence[] = ['daily', 'weekdays', 'weekly', 'monthly', 'unscheduled'];

export function registerAlertRules(parent: Command, runtime: Runtime): void {
  const rules = parent.command('rules').description('Alert rules: which sequences to watch, for what, and whom to tell (admin)');
  rules.command('list').description('Every rule').action(action(runtime, list));
  rules.command('show').description('One rule').argument('<rule>', 'rule id or name').action(action(runtime, show));
  ruleFlags(rules.command('create').description('Create a rule from flags, or from a JSON file with -f')).action(action(runtime, create));
  ruleFlags(
    rules
      .command('update')
      .description('Change a rule: the flags given replace their part, the rest stays; with -f the file replaces the whole rule')
      .argument('<rule>', 'rule id or name'),
  ).action(action(runtime, update));
  rules.command('delete').description('Delete a rule, its alerts and their notifications (--disable keeps them)').argument('<rule>', 'rule id or name').action(action(runtime, remove));
}

function ruleFlags(command: Command): Command {
  return command
    .option('-f, --file <path>', 'the rule as JSON (the API body; - for stdin); flags given too override its fields')
    .option('--name <name>', 'the rule name (unique)')
    .option('--sequence <parts>', 'name parts a sequence must have: key=value[,key=value...], * in a value matches anything (client=acme,feed=*)')
    .option('--type <type>', 'sequence types to watch (repeatable)', collect(text))
    .option('--cadence <cadence>', `${CADENCES.join(', ')} (repeatable)`, collect(oneOf(CADENCES)))
    .option('--events <kinds>', `what to alert on, comma-separated: ${KINDS.join(', ')} (default: all but delivered_late)`, collect(oneOf(KINDS)))
    .addOption(new Option('--grace <span>', 'how long a bad state may last before the alert opens: 90, 30s, 15m, 1h (default 0)').argParser(durationSeconds))
    .addOption(new Option('--reminder <span>', 'remind this often while open (5m to 30d), or none').argParser(reminderSeconds))
    .option('--mute <window>', 'a quiet time: "[DAYS ]HH:MM-HH:MM[ ZONE]", e.g. "Sat,Sun 00:00-23:59 Europe/London" (repeatable)', (value: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), muteWindow(value)])
    .option('--no-mute', 'no mute windows')
    .option('--channel <channel>', 'a channel to notify, by name or id (repeatable)', collectWhole)
    .option('--enable', 'enable the rule')
    .option('--disable', 'disable the rule (it raises nothing; its alerts stay)');
}

async function list(ctx: Context): Promise<void> {
  const rules = await (await ctx.api()).alerts.rules.list();
  if (ctx.json) ctx.out.document(rules);
  else if (rules.length === 0) ctx.out.note('No alert rules.');
  else ctx.out.write(rulesTable(rules, ctx.out.colours));
}

async function show(ctx: Context, _flags: unknown, command: Command): Promise<void> {
  const api = await ctx.api();
  const rule = await api.alerts.rules.get(await resolveRuleId(api, command.processedArgs[0] as string));
  if (ctx.json) ctx.out.document(rule);
  else ctx.out.write(ruleText(rule, ctx.out.colours));
}

async function create(ctx: Context, flags: RuleFlags): Promise<void> {
  const api = await ctx.api();
  const rule = await api.alerts.rules.create(await ruleInput(ctx, api, flags));
  if (ctx.json) ctx.out.document(rule);
  else ctx.out.write(ruleText(rule, ctx.out.colours));
}

async function update(ctx: Context, flags: RuleFlags, command: Command): Promise<void> {
  const api = await ctx.api();
  const ruleId = await resolveRuleId(api, command.processedArgs[0] as string);
  const current = flags.file === undefined ? await api.alerts.rules.get(ruleId) : undefined;
  const rule = await api.alerts.rules.update(ruleId, await ruleInput(ctx, api, flags, current));
  if (ctx.json) ctx.out.document(rule);
  else ctx.out.write(ruleText(rule, ctx.out.colours));
}

async function remove(ctx: Context, _flags: unknown, command: Command): Promise<void> {
  const api = await ctx.api();
  const ruleId = await resolveRuleId(api, command.processedArgs[0] as string);
  await api.alerts.rules.delete(ruleId);
  if (ctx.json) ctx.out.document({ deleted: true, ruleId });
  else ctx.out.note(`Deleted alert rule ${ruleId}.`);
}
