/** The fields of the wire API's answers the browser tests read. */
export interface WireSlot {
  slotId: number;
  slotSequenceId: number;
  name: Array<{ slotParameter: { key: string; value: string }; position: number }>;
  tag: string;
  slotStatus: string | null;
  submissions: number;
  lastSubmissionId: number | null;
}

export interface WireSlotPage {
  totalCount: number;
  slots: WireSlot[];
}

export interface WireCheck {
  check: string;
  success: boolean;
  checkArgs?: Record<string, unknown>;
  observed?: Record<string, unknown>;
  onFail?: { action?: string };
  tags?: string[];
}

export interface WireQuality {
  collections: Array<{ qualityId: number; success: boolean; stage?: string; checks: WireCheck[] }>;
}

/** `acme/orders` from a wire name. */
export function sequenceKey(slot: WireSlot): string {
  return [...slot.name].sort((a, b) => a.position - b.position).map((part) => part.slotParameter.value).join('/');
}
