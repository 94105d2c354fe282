import { type Command, Option } from 'commander';
import type { LucoApi, MetricRuleAction, MetricRuleKind } from '@lucots/sdk';
import type { Context } from '../context.js';
import { NotFoundCliError, UsageError } from '../exit-codes.js';
import { dryRunText, metricRuleText, metricRulesTable } from '../output/metric-rules.js';
import { nonNegativeInteger, oneOf, positiveInteger } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { metricRuleInput, numberFlag, type MetricRuleFlags } from './metric-rule-input.js';

const KINDS: readonly MetricRuleKind[] = ['bounds', 'change', 'seasonal'];
const ACTIONS: readonly MetricRuleAction[] = ['Failed', 'Cancelled'];

interface DryRunFlags extends MetricRuleFlags {
  from?: string;
  to?: string;
  limit?: number;
}

/** `luco metrics rules`: metric anomaly rules (admin, LucoTS servers). */
export function registerMetricRules(metrics: Command, runtime: Runtime): void {
  const rules = metrics.command('rules').description('Metric anomaly rules: bounds, change and seasonal checks judged when a submission completes (admin, LucoTS servers)');
  rules.command('list').description('Every rule').action(action(runtime, list));
  rules.command('show').description('One rule').argument('<rule>', 'rule id or name').action(action(runtime, show));
  ruleFlags(rules.command('create').description('Create a rule from flags, or from a JSON file with -f')).action(action(runtime, create));
  rules.command('delete').description('Delete a rule and its verdicts').argument('<rule>', 'rule id or name').action(action(runtime, remove));
  ruleFlags(
    rules
      .command('dry-run')
      .description('Replay a rule over the stored history and say how often it would have fired: a stored rule (by id or name), or one given by flags or -f')
      .argument('[rule]', 'a stored rule, by id or name'),
  )
    .option('--from <instant>', 'judge slots at or after this date-time')
    .option('--to <instant>', 'judge slots at or before this date-time')
    .addOption(new Option('--limit <n>', 'show at most this many verdicts, newest first (default 20)').argParser(nonNegativeInteger))
    .action(action(runtime, dryRun));
}

function ruleFlags(command: Command): Command {
  return command
    .option('-f, --file <path>', 'the rule as JSON (the API body; - for stdin); flags given too override its fields')
    .option('--name <name>', 'the rule name (unique)')
    .option('--sequence <parts>', 'name parts a sequence must have: key=value[,key=value...], * in a value matches anything (client=acme,feed=*)')
    .option('--metric <name>', 'the metric, as recorded')
    .option('--stage <stage>', 'the stage it is recorded under (default: none)')
    .addOption(new Option('--kind <kind>', KINDS.join(', ')).argParser(oneOf(KINDS)))
    .addOption(new Option('--action <action>', 'what a violation means: Failed (default) or Cancelled').argParser(oneOf(ACTIONS)))
    .option('--disable', 'create it disabled')
    .addOption(new Option('--min <n>', 'bounds: smallest allowed value (inclusive)').argParser(numberFlag))
    .addOption(new Option('--max <n>', 'bounds: largest allowed value (inclusive)').argParser(numberFlag))
    .addOption(new Option('--max-rise <ratio>', 'change: largest rise as a fraction of the previous value (0.5 = 50 %)').argParser(numberFlag))
    .addOption(new Option('--max-fall <ratio>', 'change: largest fall as a fraction of the previous value').argParser(numberFlag))
    .addOption(new Option('--max-rise-abs <n>', 'change: largest rise in the metric\'s unit').argParser(numberFlag))
    .addOption(new Option('--max-fall-abs <n>', 'change: largest fall in the metric\'s unit').argParser(numberFlag))
    .addOption(new Option('--weeks <n>', 'seasonal: weeks of the same weekday looked back at (default 8)').argParser(positiveInteger))
    .addOption(new Option('--k <n>', 'seasonal: band half-width in robust standard deviations (default 3)').argParser(numberFlag))
    .addOption(new Option('--min-history <n>', 'seasonal: fewest points it judges with (default 4)').argParser(positiveInteger))
    .addOption(new Option('--min-spread-ratio <ratio>', 'seasonal: spread floor as a fraction of the median (default 0.05)').argParser(numberFlag))
    .addOption(new Option('--min-spread <n>', 'seasonal: spread floor in the metric\'s unit (default 0)').argParser(numberFlag));
}

async function resolveMetricRuleId(api: LucoApi, text: string): Promise<number> {
  if (text.trim() === '') throw new UsageError('rule: give an id or a name');
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw new UsageError(`rule: ${text} is not an id (1 to 2147483647)`);
    return id;
  }
  const found = (await api.metricRules.list()).find((rule) => rule.name === text);
  if (!found) throw new NotFoundCliError(`no metric rule is named ${JSON.stringify(text)}`);
  return found.ruleId;
}

async function list(ctx: Context): Promise<void> {
  const rules = await (await ctx.api()).metricRules.list();
  if (ctx.json) ctx.out.document(rules);
  else if (rules.length === 0) ctx.out.note('No metric rules.');
  else ctx.out.write(metricRulesTable(rules, ctx.out.colours));
}

async function show(ctx: Context, _flags: unknown, command: Command): Promise<void> {
  const api = await ctx.api();
  const rule = await api.metricRules.get(await resolveMetricRuleId(api, command.processedArgs[0] as string));
  if (ctx.json) ctx.out.document(rule);
  else ctx.out.write(metricRuleText(rule, ctx.out.colours));
}

async function create(ctx: Context, flags: MetricRuleFlags): Promise<void> {
  const api = await ctx.api();
  const rule = await api.metricRules.create(await metricRuleInput(ctx, flags));
  if (ctx.json) ctx.out.document(rule);
  else ctx.out.write(metricRuleText(rule, ctx.out.colours));
}

async function remove(ctx: Context, _flags: unknown, command: Command): Promise<void> {
  const api = await ctx.api();
  const ruleId = await resolveMetricRuleId(api, command.processedArgs[0] as string);
  await api.metricRules.delete(ruleId);
  if (ctx.json) ctx.out.document({ deleted: true, ruleId });
  else ctx.out.note(`Deleted metric rule ${ruleId}.`);
}

async function dryRun(ctx: Context, flags: DryRunFlags, command: Command): Promise<void> {
  const api = await ctx.api();
  const stored = command.processedArgs[0] as string | undefined;
  const range = { from: flags.from, to: flags.to, limit: flags.limit ?? 20 };
  const rule = stored !== undefined ? await resolveMetricRuleId(api, stored) : await metricRuleInput(ctx, flags);
  const result = await api.metricRules.dryRun(rule, range);
  if (ctx.json) ctx.out.document(result);
  else ctx.out.write(dryRunText(result, ctx.out.colours));
}
