import type { AlertKind } from '../../domain/alerts/kinds.js';
import type { NotificationEvent } from '../../domain/alerts/notification.js';
import { instantToLocalDate } from '../../domain/schedule/zoned-time.js';
import { wallClockFormatter } from '../../domain/schedule/time-zone.js';

/** What a notification says about a slot, from facts the engine loaded. */
export interface SlotFacts {
  sequenceName: Array<{ key: string; value: string }>;
  tag: string;
  expectedBy: number | null;
  timeZone: string | null;
  deliveredOn: number | null;
  health: string;
  submission: { id: number; status: string; startedOn: number; endedOn: number | null; message: string | null } | null;
  failedChecks: string[];
}

const KIND_WORDS: Record<AlertKind, string> = {
  overdue: 'is overdue',
  failed: 'failed',
  quality_cancelled: 'was cancelled by its quality checks',
  quality_failed: 'failed quality checks',
  delivered_late: 'arrived late',
};

/** The one-line summary and the detail lines every channel shows. */
export function notificationText(event: NotificationEvent, kind: AlertKind, facts: SlotFacts, now: number): { summary: string; details: string[] } {
  const who = `${facts.sequenceName.map((part) => `${part.key}=${part.value}`).join(', ')} ${facts.tag}`;
  const details = [expectedLine(facts), happenedLine(facts, now), ...checksLine(facts)].filter((line): line is string => line !== undefined);
  switch (event) {
    case 'opened':
    case 'late':
      return { summary: `${who} ${KIND_WORDS[kind]}`, details };
    case 'changed':
      return { summary: `${who} now ${KIND_WORDS[kind]}`, details };
    case 'reminder':
      return { summary: `Still open: ${who} ${KIND_WORDS[kind]}`, details };
    case 'resolved':
      return { summary: `Recovered: ${who} ${facts.health === 'DeliveredLate' ? 'was delivered late' : 'was delivered'}`, details };
    case 'test':
      return { summary: 'Test notification from luco-server', details: ['This channel is set up correctly.'] };
  }
}

function expectedLine(facts: SlotFacts): string | undefined {
  if (facts.expectedBy === null) return undefined;
  return `Expected by ${formatTime(facts.expectedBy, facts.timeZone)}`;
}

function happenedLine(facts: SlotFacts, now: number): string | undefined {
  const zone = facts.timeZone;
  if (facts.deliveredOn !== null) {
    const late = facts.expectedBy !== null && facts.deliveredOn > facts.expectedBy ? ` (${duration(facts.deliveredOn - facts.expectedBy)} after its deadline)` : '';
    return `Delivered at ${formatTime(facts.deliveredOn, zone)}${late}`;
  }
  const run = facts.submission;
  if (run === null) {
    const overdueBy = facts.expectedBy !== null && now > facts.expectedBy ? `, ${duration(now - facts.expectedBy)} past the deadline` : '';
    return `No run has started${overdueBy}`;
  }
  if (run.status === 'Failed') return `Run ${run.id} failed at ${formatTime(run.endedOn ?? run.startedOn, zone)}${run.message ? `: ${run.message}` : ''}`;
  if (run.status === 'In Progress') return `Run ${run.id} started at ${formatTime(run.startedOn, zone)} and is still in progress`;
  return `Run ${run.id} completed at ${formatTime(run.endedOn ?? run.startedOn, zone)}`;
}

function checksLine(facts: SlotFacts): string[] {
  if (facts.failedChecks.length === 0) return [];
  const shown = facts.failedChecks.slice(0, 10);
  const more = facts.failedChecks.length > shown.length ? ` and ${facts.failedChecks.length - shown.length} more` : '';
  return [`Failed checks: ${shown.join(', ')}${more}`];
}

/** `2026-12-04 09:00 Europe/London`, or UTC when the slot has no zone. */
export function formatTime(ms: number, timeZone: string | null): string {
  const zone = timeZone ?? 'UTC';
  const parts = Object.fromEntries(wallClockFormatter(zone).formatToParts(ms).map((part) => [part.type, part.value]));
  return `${instantToLocalDate(ms, zone)} ${String(Number(parts.hour ?? 0) % 24).padStart(2, '0')}:${parts.minute ?? '00'} ${zone}`;
}

/** `47 min`, `3 h 5 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}
