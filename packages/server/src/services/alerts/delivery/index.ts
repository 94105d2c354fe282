/**
 * Notification delivery (issue 14): the outbox sender, the channels, the target guard and the
 * test send. The engine queues notifications (NotificationRepository.enqueue); the sender
 * delivers them; the API checks channels with checkChannelSettings and tests them with sendTest.
 */
export { NotificationSender, describeTarget, type NotificationSenderOptions, type SenderContext } from './sender.js';
export { DEFAULT_DELIVERY_OPTIONS, deliveryOptions, type DeliveryOptions } from './options.js';
export type { DeliveryLog } from './log.js';
export { parseAlertTargets, systemResolver, type AlertTargetPolicy, type ResolvedAddress, type Resolver } from './target/policy.js';
export { checkChannelSettings, checkChannelTarget, checkSigningSecrets, checkWebhookHeaders, isRetiredTeamsConnector } from './target/check-channel.js';
export { resolveTarget, TargetRefusedError, TargetUnresolvedError } from './target/guard.js';
export { generateSigningSecret, signatureHeader, signingSecretProblem } from './signature.js';
export { queueTestNotification, sendTest, testPayload, waitForFirstAttempt, type TestSendOutcome } from './test-send.js';
export { slackMessage } from './channels/slack.js';
export { teamsMessage } from './channels/teams.js';
export { emailMessage } from './channels/email.js';
