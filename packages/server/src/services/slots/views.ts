import { slotStatus, type SlotStatus } from '../../domain/slot-status.js';
import type { Slot } from '../../storage/repositories/slots.js';
import { isoOrNull } from '../../wire/instants.js';

/** A slot on the wire. */
export interface SlotView {
  slotId: number;
  tag: string;
  expectedBy: string | null;
  slotSequenceId: number;
  slotStatus: SlotStatus;
}

export function toSlotView(slot: Slot, now: number): SlotView {
  return {
    slotId: slot.id,
    tag: slot.tag,
    expectedBy: isoOrNull(slot.expectedBy),
    slotSequenceId: slot.sequenceId,
    slotStatus: slotStatus({ expectedBy: slot.expectedBy, lastSubmissionStatus: slot.lastSubmissionStatus, deliveredOn: slot.deliveredOn }, now),
  };
}
