import { type Command, Option } from 'commander';
import type { AlertChannelType } from '@lucots/sdk';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { channelsTable, channelText } from '../output/alerts.js';
import { renderFields } from '../output/table.js';
import { collect, collectWhole, oneOf, positiveInteger, text } from '../parse/options.js';
import type { Runtime } from '../runtime.js';
import { channelInput, type ChannelFlags } from './alert-channel-input.js';
import { resolveChannelId } from './alert-refs.js';
import { action } from './common.js';

const TYPES: readonly AlertChannelType[] = ['webhook', 'slack', 'teams', 'email'];

export function registerAlertChannels(parent: Command, runtime: Runtime): void {
  const channels = parent.command('channels').description('Alert channels: signed webhooks, Slack, Microsoft Teams, e-mail (admin; secrets are write-only)');
  channels.command('list').description('Every channel, without its secrets').action(action(runtime, list));
  channels.command('show').description('One channel, without its secrets').argument('<channel>', 'channel id or name').action(action(runtime, show));
  channelFlags(channels.command('create').description('Create a channel from flags, or from a JSON file with -f')).action(action(runtime, create));
  channelFlags(
    channels
      .command('update')
      .description('Change a channel: the flags given replace their part; secrets not given stay as stored; with -f the file is the whole channel')
      .argument('<channel>', 'channel id or name'),
  ).action(action(runtime, update));
  channels.command('delete').description('Delete a channel no rule uses').argument('<channel>', 'channel id or name').action(action(runtime, remove));
  channels.command('test').description('Send a test notification and show how its attempt went (exit 1 unless delivered)').argument('<channel>', 'channel id or name').action(action(runtime, test));
}

function channelFlags(command: Command): Command {
  return command
    .option('-f, --file <path>', 'the channel as JSON (the API body, secrets included; - for stdin); flags given too override its fields')
    .option('--name <name>', 'the channel name (unique)')
    .addOption(new Option('--type <type>', TYPES.join(', ')).argParser(oneOf(TYPES)))
    .option('--url <url>', 'webhook, slack, teams: where to send (it may carry a token: prefer --url-file)')
    .option('--url-file <path>', 'read the URL from a file (- for stdin)')
    .option('--signing-secret-stdin', 'webhook: read the signing secret(s) from stdin, one per line (two while rotating, the new one first)')
    .option('--signing-secret-file <path>', 'webhook: read the signing secret(s) from a file, one per line')
    .option('--header <header>', 'webhook: an extra request header "Name: value" (repeatable; replaces the stored headers)', collectWhole)
    .option('--host <host>', 'email: the SMTP server')
    .addOption(new Option('--port <port>', 'email: the SMTP port').argParser(positiveInteger))
    .addOption(new Option('--security <mode>', 'email: tls, starttls or none').argParser(oneOf(['tls', 'starttls', 'none'] as const)))
    .option('--username <user>', 'email: the SMTP user name')
    .option('--no-username', 'email: no SMTP login')
    .option('--password-stdin', 'email: read the SMTP password from stdin')
    .option('--password-file <path>', 'email: read the SMTP password from a file')
    .option('--no-password', 'email: no SMTP password')
    .option('--from <address>', 'email: the sender address')
    .option('--to <address>', 'email: a recipient (repeatable or comma-separated)', collect(text))
    .option('--enable', 'enable the channel')
    .option('--disable', 'disable the channel (it is sent nothing)');
}

async function list(ctx: Context): Promise<void> {
  const channels = await (await ctx.api()).alerts.channels.list();
  if (ctx.json) ctx.out.document(channels);
  else if (channels.length === 0) ctx.out.note('No alert channels.');
  else ctx.out.write(channelsTable(channels, ctx.out.colours));
}

async function show(ctx: Context, _flags: unknown, command: Command): Promise<void> {
  const api = await ctx.api();
  const channel = await api.alerts.channels.get(await resolveChannelId(api, command.processedArgs[0] as string));
  if (ctx.json) ctx.out.document(channel);
  else ctx.out.write(channelText(channel, ctx.out.colours));
}

async function create(ctx: Context, flags: ChannelFlags): Promise<void> {
  checkEnable(flags);
  const api = await ctx.api();
  const channel = await api.alerts.channels.create(await channelInput(ctx, flags));
  if (ctx.json) {
    ctx.out.document(channel);
    return;
  }
  const { signingSecret, ...view } = channel;
  ctx.out.write(channelText(view, ctx.out.colours));
  if (signingSecret) {
    // The one time the server shows it: on stdout, as part of the result.
    ctx.out.write(`signingSecret  ${signingSecret}\n`);
    ctx.out.note('This signing secret is shown once: give it to the receiver now (it verifies the webhook-signature header with it).');
  }
}

async function update(ctx: Context, flags: ChannelFlags, command: Command): Promise<void> {
  checkEnable(flags);
  const api = await ctx.api();
  const channelId = await resolveChannelId(api, command.processedArgs[0] as string);
  const current = await api.alerts.channels.get(channelId);
  const channel = await api.alerts.channels.update(channelId, await channelInput(ctx, flags, flags.file === undefined ? current : undefined));
  if (ctx.json) ctx.out.document(channel);
  else ctx.out.write(channelText(channel, ctx.out.colours));
}

async function remove(ctx: Context, _flags: unknown, command: Command): Promise<void> {
  const api = await ctx.api();
  const channelId = await resolveChannelId(api, command.processedArgs[0] as string);
  await api.alerts.channels.delete(channelId);
  if (ctx.json) ctx.out.document({ deleted: true, channelId });
  else ctx.out.note(`Deleted alert channel ${channelId}.`);
}

async function test(ctx: Context, _flags: unknown, command: Command): Promise<number> {
  const api = await ctx.api();
  const result = await api.alerts.channels.test(await resolveChannelId(api, command.processedArgs[0] as string));
  if (ctx.json) ctx.out.document(result);
  else {
    ctx.out.write(
      renderFields(
        [
          ['status', result.status],
          ['statusCode', result.statusCode],
          ['error', result.error],
          ['messageId', result.messageId],
          ['attempted', result.attemptedOn],
          ['duration', result.durationMs === null ? null : `${result.durationMs} ms`],
        ],
        ctx.out.colours,
      ),
    );
  }
  return result.status === 'delivered' ? EXIT.ok : EXIT.failure;
}

function checkEnable(flags: ChannelFlags): void {
  if (flags.enable && flags.disable) throw new UsageError('give --enable or --disable, not both');
}
