/**
 * A slot's health: what the deadline engine watches and alerts on. Unlike the slot status the API
 * derives at read time, health is recorded, and every change of it is a transition the engine
 * turns into alerts once:
 * - Pending: not delivered and not yet due (or unscheduled); also a retry that is running;
 * - Overdue: `expectedBy` passed and nothing has been delivered;
 * - Failed: the latest submission failed;
 * - QualityCancelled / QualityFailed: the latest submission's quality results demanded a stop
 *   (action Cancelled) / hold a failed check;
 * - Delivered / DeliveredLate: delivered (its first completion before / after `expectedBy`) and
 *   none of the above.
 */
export const SLOT_HEALTH_STATES = ['Pending', 'Overdue', 'Failed', 'QualityCancelled', 'QualityFailed', 'Delivered', 'DeliveredLate'] as const;
export type SlotHealth = (typeof SLOT_HEALTH_STATES)[number];

export interface SlotHealthInput {
  expectedBy: number | null;
  /** The slot's roll-up of its latest submission (null: none yet). */
  lastSubmissionStatus: string | null;
  deliveredOn: number | null;
  /** The latest submission's quality results: any with action Cancelled, any failed check. */
  quality: { cancelled: boolean; failed: boolean };
}

/** The health a slot has at `now`; the order of the checks is the precedence of the states. */
export function slotHealth(slot: SlotHealthInput, now: number): SlotHealth {
  if (slot.lastSubmissionStatus === 'Failed') return 'Failed';
  if (slot.lastSubmissionStatus !== null && slot.quality.cancelled) return 'QualityCancelled';
  if (slot.lastSubmissionStatus !== null && slot.quality.failed) return 'QualityFailed';
  if (slot.deliveredOn !== null) return slot.expectedBy !== null && slot.deliveredOn > slot.expectedBy ? 'DeliveredLate' : 'Delivered';
  if (slot.expectedBy !== null && slot.expectedBy <= now) return 'Overdue';
  return 'Pending';
}

/** Bad states open alerts; good states resolve them; Pending changes nothing. */
export function healthClass(state: SlotHealth): 'bad' | 'good' | 'neutral' {
  switch (state) {
    case 'Overdue':
    case 'Failed':
    case 'QualityCancelled':
    case 'QualityFailed':
      return 'bad';
    case 'Delivered':
    case 'DeliveredLate':
      return 'good';
    case 'Pending':
      return 'neutral';
  }
}

export function isSlotHealth(value: string): value is SlotHealth {
  return (SLOT_HEALTH_STATES as readonly string[]).includes(value);
}
