import type { AlertKind, AlertRule, AlertRuleInput, LucoApi, MuteWindow, RuleCadence } from '@lucots/sdk';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { readJsonInput } from '../io/input.js';
import { parseSequenceName } from '../parse/sequence-name.js';
import { resolveChannelId } from './alert-refs.js';

/** The flags of `luco alerts rules create|update`. */
export interface RuleFlags {
  file?: string;
  name?: string;
  enable?: boolean;
  disable?: boolean;
  sequence?: string;
  type?: string[];
  cadence?: RuleCadence[];
  events?: AlertKind[];
  grace?: number;
  reminder?: number | 'none';
  mute?: MuteWindow[] | false;
  channel?: string[];
}

/**
 * The body of a rule create (no `current`) or update: a `-f` file (the whole rule) or the stored
 * rule as the base, then the flags given, each replacing its part (`--mute` the windows,
 * `--channel` the channels, ...). Channels are named by name or id.
 */
export async function ruleInput(ctx: Context, api: LucoApi, flags: RuleFlags, current?: AlertRule): Promise<AlertRuleInput> {
  const base: AlertRuleInput | undefined = flags.file !== undefined ? await fileBody(ctx, flags.file) : current ? fromRule(current) : undefined;
  if (flags.enable && flags.disable) throw new UsageError('give --enable or --disable, not both');
  const name = flags.name ?? base?.name;
  if (name === undefined) throw new UsageError('--name is required, or give the rule as JSON with -f');
  const rule: AlertRuleInput = { ...base, name };
  if (flags.disable) rule.enabled = false;
  else if (flags.enable) rule.enabled = true;
  if (flags.sequence !== undefined || flags.type !== undefined || flags.cadence !== undefined) {
    rule.filter = {
      ...base?.filter,
      ...(flags.sequence !== undefined ? { name: parseSequenceName(flags.sequence, '--sequence').map(([key, value]) => ({ key, value })) } : {}),
      ...(flags.type !== undefined ? { types: flags.type } : {}),
      ...(flags.cadence !== undefined ? { cadences: flags.cadence } : {}),
    };
  }
  if (flags.events !== undefined) rule.events = flags.events;
  if (flags.grace !== undefined) rule.graceSeconds = flags.grace;
  if (flags.reminder !== undefined) rule.reminderSeconds = flags.reminder === 'none' ? null : flags.reminder;
  if (flags.mute !== undefined) rule.mute = flags.mute === false ? [] : flags.mute;
  if (flags.channel !== undefined) {
    const ids: number[] = [];
    for (const channel of flags.channel) ids.push(await resolveChannelId(api, channel, '--channel'));
    rule.channelIds = ids;
  }
  return rule;
}

function fromRule(rule: AlertRule): AlertRuleInput {
  return {
    name: rule.name,
    enabled: rule.enabled,
    filter: rule.filter,
    events: rule.events,
    graceSeconds: rule.graceSeconds,
    reminderSeconds: rule.reminderSeconds,
    mute: rule.mute,
    channelIds: rule.channelIds,
  };
}

async function fileBody(ctx: Context, path: string): Promise<AlertRuleInput> {
  const body = await readJsonInput(path, ctx.stdin);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UsageError(`${path === '-' ? 'stdin' : path}: expected a rule object { "name": ..., "filter": ..., "events": [...], ... }`);
  // Fields a GET adds are not part of the body: a rule saved with `rules show --json` can be edited and sent back.
  const { ruleId: _id, channels: _channels, createdOn: _created, updatedOn: _updated, ...rule } = body as Record<string, unknown>;
  return rule as unknown as AlertRuleInput;
}
