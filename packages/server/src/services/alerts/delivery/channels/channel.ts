import type { NotificationPayload } from '../../../../domain/alerts/notification.js';
import type { DeliveryOptions } from '../options.js';
import type { AlertTargetPolicy } from '../target/policy.js';

/** One notification on its way: what every channel is given for one attempt. */
export interface OutgoingNotification {
  /** The webhook-id, the same on every attempt. */
  messageId: string;
  /** The payload as queued: a webhook's body is exactly this text (it is what gets signed). */
  payloadJson: string;
  payload: NotificationPayload;
}

export interface SendContext {
  policy: AlertTargetPolicy;
  options: DeliveryOptions;
  /** Aborted when the sender stops and cannot wait any longer. */
  signal: AbortSignal;
  now: () => number;
  /** The channel's secret strings, scrubbed from any error text. */
  secrets: readonly string[];
}
