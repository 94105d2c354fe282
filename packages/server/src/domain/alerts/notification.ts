import type { AlertKind, AlertState } from './kinds.js';

/** Why a notification is sent. */
export const NOTIFICATION_EVENTS = ['opened', 'changed', 'reminder', 'resolved', 'late', 'test'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/**
 * What every channel is told, built once when the notification is queued (so retries send the
 * same thing). A webhook receives it as its JSON body (the Standard Webhooks envelope: type,
 * timestamp, data); Slack, Teams and e-mail render `summary`, `details` and the slot link.
 */
export interface NotificationPayload {
  /** alert.opened, alert.changed, alert.reminder, alert.resolved, alert.late, or channel.test. */
  type: string;
  /** ISO time of the event. */
  timestamp: string;
  data: {
    event: NotificationEvent;
    /** One line: which sequence, which slot, what happened. */
    summary: string;
    /** A few lines: what was expected and when, what happened, what the latest run said. */
    details: string[];
    alert: { alertId: number; state: AlertState; kind: AlertKind; openedOn: string | null; resolvedOn: string | null; rule: { ruleId: number; name: string } } | null;
    slot: { slotId: number; tag: string; expectedBy: string | null; timeZone: string | null; health: string; url: string } | null;
    slotSequence: { slotSequenceId: number; name: Array<{ key: string; value: string }>; type: string | null } | null;
    submission: { slotSubmissionId: number; status: string; message: string | null } | null;
  };
}
