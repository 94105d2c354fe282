import type { AlertKind } from './kinds.js';

/** The bounds of an alert rule's settings (the API checks them; the engine relies on them). */

/** Grace: 0 to 7 days. */
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;
/** Reminders: none, or every 5 minutes to 30 days. */
export const MIN_REMINDER_SECONDS = 300;
export const MAX_REMINDER_SECONDS = 30 * 24 * 3600;
/** What a rule alerts on when it does not say. */
export const DEFAULT_RULE_EVENTS: readonly AlertKind[] = ['overdue', 'failed', 'quality_cancelled', 'quality_failed'];
/** The cadences a filter may name; `unscheduled`: no active schedule. */
export const RULE_CADENCES = ['daily', 'weekdays', 'weekly', 'monthly', 'unscheduled'] as const;
