import type { Command } from 'commander';
import type { Alert, AlertKind, AlertState } from '@lucots/sdk';
import type { Context } from '../context.js';
import { alertDetailText, alertsTable } from '../output/alerts.js';
import { collect, oneOf, positiveInteger } from '../parse/options.js';
import { parseSequenceName } from '../parse/sequence-name.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { pagingOptions, type PagingFlags } from './overview.js';

const STATES: readonly AlertState[] = ['pending', 'open', 'resolved', 'cancelled'];
const KINDS: readonly AlertKind[] = ['overdue', 'failed', 'quality_cancelled', 'quality_failed', 'delivered_late'];

interface ListFlags extends PagingFlags {
  state?: AlertState[];
  kind?: AlertKind[];
  ruleId?: number[];
  sequenceId?: number[];
  slotId?: number[];
  sequence?: string;
  since?: string;
  until?: string;
}

export function registerAlertList(parent: Command, runtime: Runtime): void {
  const list = parent
    .command('list')
    .description('Alerts, newest first: a table, or JSON Lines with --json')
    .option('--state <state>', `${STATES.join(', ')} (repeatable)`, collect(oneOf(STATES)))
    .option('--kind <kind>', `${KINDS.join(', ')} (repeatable)`, collect(oneOf(KINDS)))
    .option('--rule-id <id>', 'alerts of this rule (repeatable)', collect(positiveInteger))
    .option('--sequence-id <id>', 'alerts of this slot sequence (repeatable)', collect(positiveInteger))
    .option('--slot-id <id>', 'alerts of this slot (repeatable)', collect(positiveInteger))
    .option('--sequence <parts>', 'name parts the sequence must have: key=value[,key=value...], * in a value matches anything (client=acme,feed=*)')
    .option('--since <instant>', 'created at or after (ISO date or date-time)')
    .option('--until <instant>', 'created at or before (a date alone: that whole UTC day)');
  pagingOptions(list).action(action(runtime, listAlerts));

  parent
    .command('show')
    .description('One alert with its notifications and their delivery log')
    .argument('<alertId>', 'the alert id', positiveInteger)
    .action(action(runtime, showAlert));
}

async function listAlerts(ctx: Context, flags: ListFlags): Promise<void> {
  const api = await ctx.api();
  const sequence = flags.sequence === undefined ? undefined : Object.fromEntries(parseSequenceName(flags.sequence, '--sequence'));
  const list = api.alerts.list(
    { state: flags.state, kind: flags.kind, ruleId: flags.ruleId, slotSequenceId: flags.sequenceId, slotId: flags.slotId, sequence, since: flags.since, until: flags.until },
    { limit: flags.limit, pageSize: flags.pageSize },
  );
  if (ctx.json) {
    for await (const alert of list) ctx.out.line(alert);
    return;
  }
  const alerts: Alert[] = await list.toArray();
  if (alerts.length === 0) ctx.out.note('No alerts match.');
  else ctx.out.write(alertsTable(alerts, ctx.out.colours));
}

async function showAlert(ctx: Context, _flags: unknown, command: Command): Promise<void> {
  const alert = await (await ctx.api()).alerts.get(command.processedArgs[0] as number);
  if (ctx.json) ctx.out.document(alert);
  else ctx.out.write(alertDetailText(alert, ctx.out.colours));
}

