import type { AppContext } from '../../context.js';
import type { ChannelSettings } from '../../domain/alerts/channel.js';
import { checkChannelTarget, sendTest, type AlertTargetPolicy, type TestSendOutcome } from './delivery/index.js';
import type { FieldProblem } from '../../wire/input-error.js';

/**
 * The seam between the alerts API and notification delivery (services/alerts/delivery/): saving a
 * channel checks its target with the SSRF guard, and the test route sends through the outbox.
 * buildApp passes `deliveryHooks(policy)`; tests may replace either function.
 */

/**
 * What is wrong with where a channel sends (URL scheme and host, the SMTP host), as problems
 * naming body fields (`settings.url`, `settings.host`); empty when it may be saved.
 */
export type ChannelTargetCheck = (settings: ChannelSettings) => Promise<FieldProblem[]>;

/** How a channel's test notification went: its first attempt, or `pending` when none came in time. */
export type ChannelTestOutcome = TestSendOutcome;

/** Sends one test notification to a channel and waits for its attempt. */
export type TestSender = (ctx: Pick<AppContext, 'db' | 'now' | 'changes'>, channel: { id: number; name: string }) => Promise<ChannelTestOutcome>;

export interface AlertDeliveryHooks {
  checkChannel: ChannelTargetCheck;
  sendTest: TestSender;
}

export function deliveryHooks(policy: AlertTargetPolicy): AlertDeliveryHooks {
  return {
    checkChannel: (settings) => checkChannelTarget(settings, policy),
    sendTest: (ctx, channel) => sendTest(ctx, channel),
  };
}
