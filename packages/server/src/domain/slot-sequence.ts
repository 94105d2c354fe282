import type { DeliverySchedule } from './schedule/index.js';
import type { NamePart } from '../wire/names.js';

export interface SlotParameter {
  key: string;
  value: string;
}

export interface SlotParameterGroup {
  slotParameterGroupName: string;
  slotParameters: SlotParameter[];
}

/** A slot sequence as services see it (storage rows are converted by the repository). */
export interface SlotSequence {
  id: number;
  name: NamePart[];
  type: string | null;
  isActive: boolean;
  parameters: SlotParameterGroup[];
  /** Delivery schedules; at most one is active. Empty or none active: unscheduled. */
  delivery: DeliverySchedule[];
  materializedThrough: string | null;
  createdOn: number;
  updatedOn: number;
}

export function activeSchedule(sequence: Pick<SlotSequence, 'delivery'>): DeliverySchedule | undefined {
  return sequence.delivery.find((schedule) => schedule.isActive);
}
