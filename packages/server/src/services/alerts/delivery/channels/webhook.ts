import type { WebhookSettings } from '../../../../domain/alerts/channel.js';
import { postJson } from '../http-post.js';
import { type AttemptOutcome, permanent } from '../outcome.js';
import { signatureHeader, signingSecretProblem } from '../signature.js';
import type { OutgoingNotification, SendContext } from './channel.js';
import { outcomeOfAnswer, outcomeOfError } from './http-outcome.js';

/** A webhook that says it is gone (410) or does not exist (404) will not take a retry either. */
const PERMANENT = new Set([404, 410]);

/**
 * A generic webhook, per Standard Webhooks: the payload JSON as the body, exactly as signed;
 * `webhook-id` (stable across attempts, for de-duplication), `webhook-timestamp` (this
 * attempt, unix seconds) and `webhook-signature` (one `v1,` signature per secret); the
 * channel's extra headers.
 */
export async function sendWebhook(settings: WebhookSettings, notification: OutgoingNotification, context: SendContext): Promise<AttemptOutcome> {
  // Saved settings are checked; this guards rows written around the API.
  if (settings.signingSecrets.length === 0) return permanent('the channel has no signing secret');
  const unusable = settings.signingSecrets.findIndex((secret) => signingSecretProblem(secret) !== undefined);
  if (unusable >= 0) return permanent(`the channel's signing secret ${unusable + 1} ${signingSecretProblem(settings.signingSecrets[unusable]!)}`);
  const timestamp = Math.floor(context.now() / 1000);
  const body = notification.payloadJson;
  const headers = {
    ...settings.headers,
    'content-type': 'application/json',
    'webhook-id': notification.messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(notification.messageId, timestamp, body, settings.signingSecrets),
  };
  try {
    const answer = await postJson(settings.url, body, headers, { policy: context.policy, timeoutMs: context.options.requestTimeoutMs, bodyLimitBytes: context.options.responseBodyLimitBytes, signal: context.signal });
    return outcomeOfAnswer(answer, new URL(settings.url), PERMANENT, context.now(), context.secrets);
  } catch (error) {
    return outcomeOfError(error, context.secrets);
  }
}
