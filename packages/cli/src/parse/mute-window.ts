import type { DayOfWeek, MuteWindow } from '@lucots/sdk';
import { InvalidArgumentError } from 'commander';

const DAYS: readonly DayOfWeek[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const FULL = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * A mute window as typed: `[DAYS ]HH:MM-HH:MM[ TIMEZONE]`, e.g. `Sat,Sun 00:00-23:59 Europe/London`,
 * `Mon-Fri 22:00-06:00`, `12:00-13:00 UTC`. Days: Mon..Sun or full names, any case, a comma list
 * and/or ranges (none: every day); the zone defaults to UTC. The server checks the times and zone.
 */
export function muteWindow(value: string): MuteWindow {
  const match = /^\s*(?:([A-Za-z,\s-]+?)\s+)?(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})(?:\s+(\S+))?\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected [DAYS ]HH:MM-HH:MM[ TIMEZONE], e.g. "Sat,Sun 00:00-23:59 Europe/London"');
  const days = match[1] ? parseDays(match[1]) : [];
  return { days, start: padHour(match[2]!), end: padHour(match[3]!), timeZone: match[4] ?? 'UTC' };
}

function parseDays(text: string): DayOfWeek[] {
  const picked = new Set<number>();
  for (const part of text.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const [from, to] = part.split('-').map((name) => dayIndex(name.trim()));
    if (to === undefined) picked.add(from!);
    // A range may wrap the week: Fri-Mon is Fri, Sat, Sun, Mon.
    else for (let day = from!; ; day = (day + 1) % 7) {
      picked.add(day);
      if (day === to) break;
    }
  }
  return DAYS.filter((_, index) => picked.has(index));
}

function dayIndex(name: string): number {
  const lower = name.toLowerCase();
  const index = FULL.findIndex((full) => full === lower || full.slice(0, 3) === lower);
  if (index < 0) throw new InvalidArgumentError(`${JSON.stringify(name)} is not a day (Mon..Sun or a full name)`);
  return index;
}

function padHour(time: string): string {
  return time.length === 4 ? `0${time}` : time;
}
