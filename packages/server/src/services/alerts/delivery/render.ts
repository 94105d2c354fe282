import type { NotificationPayload } from '../../../domain/alerts/notification.js';

/**
 * What the human-facing channels (Slack, Teams, e-mail) show of a notification: the engine's
 * summary and details (what was expected, when, what happened), a few facts, and the link to
 * the slot. Built from the payload alone, so every attempt renders the same message.
 */
export interface RenderedNotification {
  /** One line; the message's title, Slack's notification text, the e-mail subject. */
  summary: string;
  details: string[];
  facts: Array<{ title: string; value: string }>;
  /** The slot's page, when the notification is about a slot. */
  link: { url: string; label: string } | null;
}

const MAX_SUMMARY = 250;
const MAX_DETAIL = 1000;
const MAX_DETAILS = 20;

export function renderNotification(payload: NotificationPayload): RenderedNotification {
  const { data } = payload;
  const summary = oneLine(data.summary || payload.type, MAX_SUMMARY);
  const details = data.details.slice(0, MAX_DETAILS).map((line) => clip(line, MAX_DETAIL));
  const facts: Array<{ title: string; value: string }> = [];
  if (data.slotSequence) facts.push({ title: 'Sequence', value: data.slotSequence.name.map((part) => `${part.key}=${part.value}`).join(', ') || `#${data.slotSequence.slotSequenceId}` });
  if (data.slot) {
    facts.push({ title: 'Slot', value: data.slot.tag });
    if (data.slot.expectedBy) facts.push({ title: 'Expected by', value: localTime(data.slot.expectedBy, data.slot.timeZone) });
    facts.push({ title: 'State', value: data.slot.health });
  }
  if (data.alert) facts.push({ title: 'Alert', value: `${data.alert.kind.replace(/_/g, ' ')}, ${data.alert.state} (rule "${data.alert.rule.name}")` });
  if (data.submission) facts.push({ title: 'Latest run', value: data.submission.message ? `${data.submission.status}: ${clip(oneLine(data.submission.message, 300), 300)}` : data.submission.status });
  const link = data.slot?.url ? { url: data.slot.url, label: 'Open the slot' } : null;
  return { summary, details, facts, link };
}

export function oneLine(text: string, max: number): string {
  return clip(text.replace(/\s+/g, ' ').trim(), max);
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An instant as `YYYY-MM-DD HH:mm (zone)` in the slot's time zone (UTC when it has none or an unknown one). */
export function localTime(iso: string, timeZone: string | null): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  for (const zone of timeZone ? [timeZone, 'UTC'] : ['UTC']) {
    try {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
          .formatToParts(instant)
          .map((part) => [part.type, part.value]),
      );
      return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${zone})`;
    } catch {
      // An unknown zone name: show UTC.
    }
  }
  return iso;
}
