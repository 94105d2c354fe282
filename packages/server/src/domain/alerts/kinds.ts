import type { SlotHealth } from '../slot-health.js';

/** What an alert is about; a rule lists the kinds it watches. */
export const ALERT_KINDS = ['overdue', 'failed', 'quality_cancelled', 'quality_failed', 'delivered_late'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const KIND_OF_STATE: Partial<Record<SlotHealth, AlertKind>> = {
  Overdue: 'overdue',
  Failed: 'failed',
  QualityCancelled: 'quality_cancelled',
  QualityFailed: 'quality_failed',
  DeliveredLate: 'delivered_late',
};

/** The alert kind a health state raises, if any (Pending and Delivered raise none). */
export function alertKindOf(state: SlotHealth): AlertKind | undefined {
  return KIND_OF_STATE[state];
}

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(value);
}

/** pending: inside the grace; open: notified; resolved: recovered after it opened; cancelled: recovered inside the grace. */
export const ALERT_STATES = ['pending', 'open', 'resolved', 'cancelled'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
