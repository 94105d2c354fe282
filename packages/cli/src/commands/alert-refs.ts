import type { LucoApi } from '@lucots/sdk';
import { NotFoundCliError, UsageError } from '../exit-codes.js';

/** A channel or rule given on the command line by id (digits) or by its exact name. */

export async function resolveChannelId(api: LucoApi, text: string, flag = 'channel'): Promise<number> {
  const id = idOf(text, flag);
  if (id !== undefined) return id;
  const found = (await api.alerts.channels.list()).find((channel) => channel.name === text);
  if (!found) throw new NotFoundCliError(`no alert channel is named ${JSON.stringify(text)}`);
  return found.channelId;
}

export async function resolveRuleId(api: LucoApi, text: string, flag = 'rule'): Promise<number> {
  const id = idOf(text, flag);
  if (id !== undefined) return id;
  const found = (await api.alerts.rules.list()).find((rule) => rule.name === text);
  if (!found) throw new NotFoundCliError(`no alert rule is named ${JSON.stringify(text)}`);
  return found.ruleId;
}

function idOf(text: string, flag: string): number | undefined {
  if (text.trim() === '') throw new UsageError(`${flag}: give an id or a name`);
  if (!/^\d+$/.test(text)) return undefined;
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw new UsageError(`${flag}: ${text} is not an id (1 to 2147483647)`);
  return id;
}
