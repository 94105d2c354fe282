import type { SequenceOverviewItem, SlotHealth, SlotStatus } from '../api/types';

/**
 * The fixed colours of the dashboard's states (styles.css `.tone-*`), the same on every page: a
 * state always has its colour, never an intensity scale. Each also has a symbol so the state
 * reads without colour.
 */
export type Tone = 'pending' | 'running' | 'delivered' | 'late' | 'overdue' | 'failed' | 'quality';

export interface ToneInfo {
  tone: Tone;
  label: string;
  symbol: string;
}

const HEALTH: Record<SlotHealth, ToneInfo> = {
  Pending: { tone: 'pending', label: 'Pending', symbol: '○' },
  Overdue: { tone: 'overdue', label: 'Overdue', symbol: '!' },
  Failed: { tone: 'failed', label: 'Failed', symbol: '✕' },
  QualityCancelled: { tone: 'quality', label: 'Quality: cancelled', symbol: '⊘' },
  QualityFailed: { tone: 'quality', label: 'Quality: check failed', symbol: '◆' },
  Delivered: { tone: 'delivered', label: 'Delivered', symbol: '✓' },
  DeliveredLate: { tone: 'late', label: 'Delivered late', symbol: '◷' },
};

/** A calendar slot's recorded health as a tone. */
export function healthTone(health: SlotHealth): ToneInfo {
  return HEALTH[health] ?? { tone: 'pending', label: String(health), symbol: '?' };
}

const STATUS: Record<SlotStatus, ToneInfo> = {
  Awaiting: { tone: 'pending', label: 'Awaiting', symbol: '○' },
  InProgress: { tone: 'running', label: 'In progress', symbol: '▶' },
  Delivered: { tone: 'delivered', label: 'Delivered', symbol: '✓' },
  DeliveredLate: { tone: 'late', label: 'Delivered late', symbol: '◷' },
  Overdue: { tone: 'overdue', label: 'Overdue', symbol: '!' },
  Failed: { tone: 'failed', label: 'Failed', symbol: '✕' },
};

/** A slot's derived status (the slots overview's `slotStatus`) as a tone. */
export function statusTone(status: string): ToneInfo {
  return STATUS[status as SlotStatus] ?? { tone: 'pending', label: status, symbol: '?' };
}

/** A submission's status or roll-up (`Completed`, `CompletedWithFailures`, `In Progress`...). */
export function submissionTone(status: string | null): ToneInfo {
  switch ((status ?? '').replace(/[\s_-]/g, '').toLowerCase()) {
    case 'completed':
    case 'completedwithoutfailures':
      return { tone: 'delivered', label: status === 'Completed' ? 'Completed' : 'Completed without failures', symbol: '✓' };
    case 'completedwithfailures':
      return { tone: 'quality', label: 'Completed with failures', symbol: '◆' };
    case 'failed':
      return { tone: 'failed', label: 'Failed', symbol: '✕' };
    case 'inprogress':
      return { tone: 'running', label: 'In progress', symbol: '▶' };
    default:
      return { tone: 'pending', label: status ?? 'None', symbol: '○' };
  }
}

/** A sequence's state now, for the estate overview: the worst thing true of it. */
export type SequenceState = 'failed' | 'overdue' | 'late' | 'onTime' | 'noDelivery';

export function sequenceState(item: Pick<SequenceOverviewItem, 'failedCount' | 'overdueCount' | 'lastDeliverySlot'>): SequenceState {
  if (item.failedCount > 0) return 'failed';
  if (item.overdueCount > 0) return 'overdue';
  const last = item.lastDeliverySlot;
  if (!last) return 'noDelivery';
  if (last.expectedBy && last.deliveredOn && Date.parse(last.deliveredOn) > Date.parse(last.expectedBy)) return 'late';
  return 'onTime';
}

const SEQUENCE_STATE: Record<SequenceState, ToneInfo> = {
  failed: { tone: 'failed', label: 'Failed', symbol: '✕' },
  overdue: { tone: 'overdue', label: 'Overdue', symbol: '!' },
  late: { tone: 'late', label: 'Late', symbol: '◷' },
  onTime: { tone: 'delivered', label: 'On time', symbol: '✓' },
  noDelivery: { tone: 'pending', label: 'No delivery yet', symbol: '○' },
};

export function sequenceStateTone(state: SequenceState): ToneInfo {
  return SEQUENCE_STATE[state];
}
