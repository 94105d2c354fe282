import type { Alert, AlertChannel, AlertDetail, AlertRule } from '@lucots/sdk';
import { durationText } from '../parse/durations.js';
import { formatSequenceName } from '../parse/sequence-name.js';
import type { Colours } from './colour.js';
import { heading, nameText } from './describe.js';
import { renderFields, renderTable } from './table.js';

/** Human renderings of alerts, rules and channels. */

export function alertStateText(colours: Colours, state: string): string {
  if (state === 'open') return colours.red(state);
  if (state === 'pending') return colours.yellow(state);
  if (state === 'resolved') return colours.green(state);
  return state;
}

export function alertsTable(alerts: readonly Alert[], colours: Colours): string {
  return renderTable(
    [
      { header: 'id', value: (row) => row.alertId, align: 'right' },
      { header: 'state', value: (row) => row.state, style: (cell, row) => cell.replace(row.state, alertStateText(colours, row.state)) },
      { header: 'kind', value: (row) => row.kind },
      { header: 'rule', value: (row) => row.rule.name },
      { header: 'sequence', value: (row) => nameText(row.slotSequence.name) },
      { header: 'tag', value: (row) => row.slot.tag },
      { header: 'expectedBy', value: (row) => row.slot.expectedBy },
      { header: 'opened', value: (row) => row.openedOn },
      { header: 'resolved', value: (row) => row.resolvedOn },
    ],
    alerts,
    colours,
  );
}

export function alertDetailText(alert: AlertDetail, colours: Colours): string {
  const fields = renderFields(
    [
      ['alert', alert.alertId],
      ['state', alertStateText(colours, alert.state)],
      ['kind', alert.kind],
      ['rule', `${alert.rule.name} (${alert.rule.ruleId})`],
      ['sequence', `${nameText(alert.slotSequence.name)} (${alert.slotSequence.slotSequenceId})`],
      ['slot', `${alert.slot.tag} (${alert.slot.slotId})`],
      ['expectedBy', alert.slot.expectedBy],
      ['created', alert.createdOn],
      ['opened', alert.openedOn],
      ['resolved', alert.resolvedOn],
      ['nextReminder', alert.nextReminderOn],
    ],
    colours,
  );
  const title = alert.notificationCount > alert.notifications.length ? `Notifications (latest ${alert.notifications.length} of ${alert.notificationCount})` : 'Notifications';
  if (alert.notifications.length === 0) return `${fields}${heading(colours, title)}(none)\n`;
  const table = renderTable(
    [
      { header: 'id', value: (row) => row.notificationId, align: 'right' },
      { header: 'event', value: (row) => row.event },
      { header: 'channel', value: (row) => `${row.channel.name} (${row.channel.type})` },
      { header: 'status', value: (row) => row.status },
      { header: 'attempts', value: (row) => row.attempts, align: 'right' },
      { header: 'lastStatus', value: (row) => row.lastStatusCode },
      { header: 'created', value: (row) => row.createdOn },
      { header: 'delivered', value: (row) => row.deliveredOn },
      { header: 'lastError', value: (row) => row.lastError },
    ],
    alert.notifications,
    colours,
  );
  const log = alert.notifications
    .filter((notification) => notification.deliveryLog.length > 0)
    .map((notification) => {
      const lines = notification.deliveryLog.map((attempt) => `  ${attempt.attemptedOn}  ${attempt.statusCode ?? '-'}  ${attempt.durationMs} ms${attempt.error ? `  ${attempt.error}` : ''}`);
      return `notification ${notification.notificationId} (${notification.messageId}):\n${lines.join('\n')}\n`;
    })
    .join('');
  return `${fields}${heading(colours, title)}${table}${log ? `${heading(colours, 'Delivery log')}${log}` : ''}`;
}

/** Where a channel sends, without its secrets. */
export function channelTarget(channel: AlertChannel): string {
  const shown = channel.settings;
  if (channel.type === 'email') return `${shown.host ?? '?'}:${shown.port ?? '?'} (${shown.security ?? '?'}) to ${(shown.to ?? []).join(', ')}`;
  return shown.redactedUrl ?? '-';
}

/** What is stored of a channel's secrets, never the secrets. */
export function channelSecrets(channel: AlertChannel): string {
  const shown = channel.settings;
  if (channel.type === 'webhook') {
    const count = shown.signingSecrets?.count ?? 0;
    const headers = shown.headerNames?.length ? `, headers: ${shown.headerNames.join(', ')}` : '';
    return `${count} signing secret${count === 1 ? '' : 's'}${shown.signingSecrets?.rotatedOn ? ` (changed ${shown.signingSecrets.rotatedOn})` : ''}${headers}`;
  }
  if (channel.type === 'email') return shown.passwordSet ? `login ${shown.username ?? '?'} with a password` : shown.username ? `login ${shown.username}, no password` : 'no login';
  return 'URL';
}

export function channelsTable(channels: readonly AlertChannel[], colours: Colours): string {
  return renderTable(
    [
      { header: 'id', value: (row) => row.channelId, align: 'right' },
      { header: 'name', value: (row) => row.name },
      { header: 'type', value: (row) => row.type },
      { header: 'enabled', value: (row) => (row.enabled ? 'yes' : 'no') },
      { header: 'target', value: channelTarget },
      { header: 'secrets', value: channelSecrets },
    ],
    channels,
    colours,
  );
}

export function channelText(channel: AlertChannel, colours: Colours): string {
  const shown = channel.settings;
  return renderFields(
    [
      ['channel', channel.channelId],
      ['name', channel.name],
      ['type', channel.type],
      ['enabled', channel.enabled ? 'yes' : 'no'],
      ['target', channelTarget(channel)],
      ...(channel.type === 'email' ? ([['from', shown.from]] as const) : []),
      ['secrets', channelSecrets(channel)],
      ['created', channel.createdOn],
      ['updated', channel.updatedOn],
    ],
    colours,
  );
}

function filterText(rule: AlertRule): string {
  const parts = [
    rule.filter.name.length > 0 ? formatSequenceName(rule.filter.name.map((pattern) => [pattern.key, pattern.value] as const)) : 'any sequence',
    rule.filter.types.length > 0 ? `type ${rule.filter.types.join('|')}` : undefined,
    rule.filter.cadences.length > 0 ? rule.filter.cadences.join('|') : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

function muteText(rule: AlertRule): string | undefined {
  if (rule.mute.length === 0) return undefined;
  return rule.mute.map((window) => `${window.days.length > 0 ? `${window.days.join(',')} ` : ''}${window.start}-${window.end} ${window.timeZone}`).join('; ');
}

export function rulesTable(rules: readonly AlertRule[], colours: Colours): string {
  return renderTable(
    [
      { header: 'id', value: (row) => row.ruleId, align: 'right' },
      { header: 'name', value: (row) => row.name },
      { header: 'enabled', value: (row) => (row.enabled ? 'yes' : 'no') },
      { header: 'sequences', value: filterText },
      { header: 'events', value: (row) => row.events.join(',') },
      { header: 'grace', value: (row) => durationText(row.graceSeconds) },
      { header: 'reminder', value: (row) => durationText(row.reminderSeconds) },
      { header: 'channels', value: (row) => row.channels.map((channel) => channel.name).join(', ') },
    ],
    rules,
    colours,
  );
}

export function ruleText(rule: AlertRule, colours: Colours): string {
  return renderFields(
    [
      ['rule', rule.ruleId],
      ['name', rule.name],
      ['enabled', rule.enabled ? 'yes' : 'no'],
      ['sequences', filterText(rule)],
      ['events', rule.events.join(', ')],
      ['grace', durationText(rule.graceSeconds)],
      ['reminder', durationText(rule.reminderSeconds) ?? 'none'],
      ['mute', muteText(rule) ?? 'none'],
      ['channels', rule.channels.map((channel) => `${channel.name} (${channel.channelId}, ${channel.type})`).join(', ') || 'none'],
      ['created', rule.createdOn],
      ['updated', rule.updatedOn],
    ],
    colours,
  );
}
