import type { AppContext } from '../../context.js';
import type { ChannelSettings } from '../../domain/alerts/channel.js';
import { HttpProblem } from '../../errors.js';
import type { FieldProblem } from '../../wire/input-error.js';

/**
 * PLACEHOLDER seam between the alerts API and notification delivery (services/alerts/delivery/).
 * The API calls these two functions; buildApp's `alertDelivery` option supplies the real ones:
 *   checkChannel: (settings) => checkChannelTarget(settings, policy)   // the SSRF guard
 *   sendTest: sendTest                                                 // (ctx, channel) => outcome
 * The defaults below accept every target and answer a test with 501, so the API works (and is
 * tested) without delivery; they are not meant to ship.
 */

/**
 * What is wrong with where a channel sends (URL scheme and host, the SMTP host), as problems
 * naming body fields (`settings.url`, `settings.host`); empty when it may be saved.
 */
export type ChannelTargetCheck = (settings: ChannelSettings) => Promise<FieldProblem[]>;

/** How a channel's test notification went: its first attempt, or `pending` when none came in time. */
export interface ChannelTestOutcome {
  status: 'delivered' | 'failed' | 'pending';
  notificationId: number;
  messageId: string;
  /** The HTTP status (SMTP reply code for e-mail) of the attempt, if it got one. */
  statusCode: number | null;
  /** Why it failed, free of secrets; null when delivered. */
  error: string | null;
  attemptedOn: number | null;
  durationMs: number | null;
}

/** Sends one test notification to a channel and waits for its attempt. */
export type TestSender = (ctx: Pick<AppContext, 'db' | 'now' | 'changes'>, channel: { id: number; name: string }) => Promise<ChannelTestOutcome>;

export interface AlertDeliveryHooks {
  checkChannel: ChannelTargetCheck;
  sendTest: TestSender;
}

export const PLACEHOLDER_DELIVERY_HOOKS: AlertDeliveryHooks = {
  checkChannel: async () => [],
  sendTest: async () => {
    throw new HttpProblem(501, 'not-implemented', 'Not Implemented', 'Test notifications are not available on this server: notification delivery is not part of this build');
  },
};
