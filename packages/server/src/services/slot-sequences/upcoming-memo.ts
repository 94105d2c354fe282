import type { DeliverySchedule } from '../../domain/schedule/index.js';
import { upcomingSlot, type UpcomingSlot } from './upcoming.js';

/** Schedules remembered at once; overviews show far fewer. Past it, the memo starts over. */
const CAPACITY = 10_000;

interface Remembered {
  /** The instant the answer was computed at. */
  from: number;
  /** The first instant it no longer holds: when the slot it names is due. */
  until: number;
  slot: UpcomingSlot | undefined;
}

const remembered = new Map<string, Remembered>();

/**
 * upcomingSlot of a sequence's stored schedule (its delivery JSON), remembered. The answer found
 * at `from` holds at every later instant until the slot it names is due: expectedBy grows with
 * the date, so no other expected slot can come between. With no upcoming slot (inactive, ended)
 * it holds from then on. Overviews need it for every row, and a sort on it for every sequence,
 * while each computation costs tens of microseconds of time-zone arithmetic.
 */
export function upcomingSlotOf(isActive: boolean, deliveryJson: string, now: number): UpcomingSlot | undefined {
  const key = `${isActive ? 'active' : 'archived'}:${deliveryJson}`;
  const entry = remembered.get(key);
  if (entry && now >= entry.from && now < entry.until) return entry.slot;
  const found = upcomingSlot({ isActive, delivery: JSON.parse(deliveryJson) as DeliverySchedule[] }, now);
  const slot = found ? Object.freeze(found) : undefined;
  if (remembered.size >= CAPACITY) remembered.clear();
  remembered.set(key, { from: now, until: slot ? slot.expectedBy : Number.POSITIVE_INFINITY, slot });
  return slot;
}
