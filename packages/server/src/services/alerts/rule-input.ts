import type { AlertKind } from '../../domain/alerts/kinds.js';
import type { MuteWindow } from '../../domain/alerts/rule.js';
import { DEFAULT_RULE_EVENTS } from '../../domain/alerts/rule-limits.js';
import { canonicalTimeZone } from '../../domain/schedule/time-zone.js';
import type { RuleBodyInput } from '../../schemas/alerts-rules.js';
import type { NewAlertRule } from '../../storage/repositories/alerts/rules.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';
import { displayNameProblem } from './display-name.js';

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A rule body as the rule to store, with defaults for what it leaves out (enabled, any
 * sequence, the default events, no grace, no reminders, no mute windows, no channels). What the
 * schema cannot say is checked here, every problem at once: names, repeats, clock times, time
 * zones. Whether the channels exist is the service's check (it needs the database).
 */
export function readRuleInput(body: RuleBodyInput): NewAlertRule {
  const problems: FieldProblem[] = [];
  const nameProblem = displayNameProblem(body.name);
  if (nameProblem) problems.push({ field: 'name', message: nameProblem });
  const filter = { name: (body.filter?.name ?? []).map((pattern) => ({ key: pattern.key, value: pattern.value })), types: [...(body.filter?.types ?? [])], cadences: [...(body.filter?.cadences ?? [])] };
  filter.name.forEach((pattern, index) => {
    if (pattern.key.trim() === '') problems.push({ field: `filter.name[${index}].key`, message: 'must not be blank' });
  });
  problems.push(...repeats(filter.types, 'filter.types'), ...repeats(filter.cadences, 'filter.cadences'));
  const events: AlertKind[] = [...(body.events ?? DEFAULT_RULE_EVENTS)];
  problems.push(...repeats(events, 'events'));
  const mute = (body.mute ?? []).map((window, index) => muteWindow(window, `mute[${index}]`, problems));
  const channelIds = [...(body.channelIds ?? [])];
  problems.push(...repeats(channelIds, 'channelIds'));
  if (problems.length > 0) throw new InputError(problems);
  return {
    name: body.name,
    enabled: body.enabled ?? true,
    filter,
    events,
    graceSeconds: body.graceSeconds ?? 0,
    reminderSeconds: body.reminderSeconds ?? null,
    mute,
    channelIds,
  };
}

function muteWindow(window: NonNullable<RuleBodyInput['mute']>[number], field: string, problems: FieldProblem[]): MuteWindow {
  const days = [...(window.days ?? [])];
  problems.push(...repeats(days, `${field}.days`));
  for (const key of ['start', 'end'] as const) {
    if (!CLOCK_TIME.test(window[key])) problems.push({ field: `${field}.${key}`, message: 'must be a time of day HH:MM, 00:00 to 23:59' });
  }
  const timeZone = canonicalTimeZone(window.timeZone);
  if (timeZone === undefined) problems.push({ field: `${field}.timeZone`, message: 'is not an IANA time zone (e.g. Europe/London, UTC)' });
  return { days, start: window.start, end: window.end, timeZone: timeZone ?? window.timeZone };
}

function repeats<T>(values: readonly T[], field: string): FieldProblem[] {
  return values.flatMap((value, index) => (values.indexOf(value) !== index ? [{ field: `${field}[${index}]`, message: `repeats ${JSON.stringify(value)}` }] : []));
}
