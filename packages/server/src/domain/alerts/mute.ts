import { addDays, dayOfWeek } from '../schedule/dates.js';
import { instantToLocalDate, zonedDateTimeToInstant } from '../schedule/zoned-time.js';
import type { MuteWindow } from './rule.js';

/**
 * When the mute window `now` falls in ends (epoch ms), or undefined when `now` is in none. Windows
 * that overlap or follow each other directly are crossed in one go, so the answer is the first
 * moment no window covers.
 */
export function muteEndsAt(windows: readonly MuteWindow[], now: number): number | undefined {
  let end: number | undefined;
  let at = now;
  // Each step moves past one window; a handful of windows can chain only a handful of times.
  for (let step = 0; step < 16; step++) {
    const next = windowEndCovering(windows, at);
    if (next === undefined) return end;
    end = next;
    at = next;
  }
  return end;
}

function windowEndCovering(windows: readonly MuteWindow[], at: number): number | undefined {
  let latest: number | undefined;
  for (const window of windows) {
    const today = instantToLocalDate(at, window.timeZone);
    // A window that crosses midnight may have started yesterday.
    for (const startDate of [addDays(today, -1), today]) {
      if (window.days.length > 0 && !window.days.includes(dayOfWeek(startDate))) continue;
      const start = zonedDateTimeToInstant(startDate, window.start, window.timeZone);
      const endDate = window.end <= window.start ? addDays(startDate, 1) : startDate;
      const end = zonedDateTimeToInstant(endDate, window.end, window.timeZone);
      if (start <= at && at < end && (latest === undefined || end > latest)) latest = end;
    }
  }
  return latest;
}
