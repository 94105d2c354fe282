import type { DayOfWeek } from '../schedule/types.js';
import type { AlertKind } from './kinds.js';

/** One part of a name filter: the sequence must have a part with this key whose value matches (`*` matches any run of characters). */
export interface NamePattern {
  key: string;
  value: string;
}

/** Which sequences a rule watches; an empty list means any. */
export interface SequenceFilter {
  name: NamePattern[];
  types: string[];
  /** daily, weekdays, weekly, monthly, or unscheduled. */
  cadences: string[];
}

/**
 * A time of the week when a rule sends nothing: from `start` to `end` (HH:MM) in `timeZone`, on
 * the given days (the day the window starts; empty: every day). `end` before `start` crosses midnight.
 */
export interface MuteWindow {
  days: DayOfWeek[];
  start: string;
  end: string;
  timeZone: string;
}

export interface AlertRule {
  id: number;
  name: string;
  enabled: boolean;
  filter: SequenceFilter;
  /** The kinds it alerts on. */
  events: AlertKind[];
  /** How long a bad state may last before the alert opens (a recovery inside it sends nothing). */
  graceSeconds: number;
  /** While open, a reminder this often; null: none. */
  reminderSeconds: number | null;
  mute: MuteWindow[];
  channelIds: number[];
  createdOn: number;
  updatedOn: number;
}

/** The sequence facts a filter looks at. */
export interface SequenceFacts {
  name: ReadonlyArray<{ key: string; value: string }>;
  type: string | null;
  /** The active schedule's cadence, null when unscheduled. */
  cadence: string | null;
}

export function matchesSequence(filter: SequenceFilter, sequence: SequenceFacts): boolean {
  for (const pattern of filter.name) {
    const glob = globMatcher(pattern.value);
    if (!sequence.name.some((part) => part.key === pattern.key && glob(part.value))) return false;
  }
  if (filter.types.length > 0 && (sequence.type === null || !filter.types.includes(sequence.type))) return false;
  if (filter.cadences.length > 0 && !filter.cadences.includes(sequence.cadence ?? 'unscheduled')) return false;
  return true;
}

function globMatcher(pattern: string): (value: string) => boolean {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*')) return (value) => value === pattern;
  const source = pattern
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}
