import type { SlotParameterGroup, SlotSequence } from '../../domain/slot-sequence.js';
import type { DeliverySchedule } from '../../domain/schedule/index.js';
import { toWireName } from '../../wire/names.js';

/** A slot sequence on the wire, as a submission's definition and GET /v2/slotsequences/{id} show it. */
export interface SlotSequenceView {
  slotSequenceId: number;
  isActive: boolean;
  definition: { name: ReturnType<typeof toWireName>; type: { slotSequenceTypeName: string | null } };
  parameters: { slotParameterGroups: SlotParameterGroup[] };
  delivery?: DeliverySchedule[];
}

export function toSlotSequenceView(sequence: SlotSequence, includeDelivery: boolean): SlotSequenceView {
  return {
    slotSequenceId: sequence.id,
    isActive: sequence.isActive,
    definition: { name: toWireName(sequence.name), type: { slotSequenceTypeName: sequence.type } },
    parameters: { slotParameterGroups: sequence.parameters },
    ...(includeDelivery ? { delivery: sequence.delivery } : {}),
  };
}
