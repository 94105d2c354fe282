import type { SlackSettings } from '../../../../domain/alerts/channel.js';
import { postJson } from '../http-post.js';
import type { AttemptOutcome } from '../outcome.js';
import { clip, renderNotification } from '../render.js';
import type { OutgoingNotification, SendContext } from './channel.js';
import { outcomeOfAnswer, outcomeOfError } from './http-outcome.js';

/**
 * Slack's answers that no retry will change: 400 invalid_payload, 403 action_prohibited or
 * invalid_token, 404 channel_not_found or no_service, 410 channel_is_archived. 429 (with
 * Retry-After) and 5xx are retried.
 */
const PERMANENT = new Set([400, 403, 404, 410]);

const MAX_SECTION = 3000;
const MAX_FIELDS = 10;

/** Slack's mrkdwn gives &, < and > a meaning; text from the payload is shown as it is. */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The incoming-webhook body: `text` always (the notification and fallback text), blocks for the message itself. */
export function slackMessage(notification: OutgoingNotification): { text: string; blocks: unknown[] } {
  const view = renderNotification(notification.payload);
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(view.summary)}*`, MAX_SECTION) } }];
  if (view.details.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(view.details.map((line) => `• ${escapeMrkdwn(line)}`).join('\n'), MAX_SECTION) } });
  if (view.facts.length > 0) {
    blocks.push({ type: 'section', fields: view.facts.slice(0, MAX_FIELDS).map((fact) => ({ type: 'mrkdwn', text: clip(`*${escapeMrkdwn(fact.title)}*\n${escapeMrkdwn(fact.value)}`, 2000) })) });
  }
  if (view.link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: view.link.label }, url: view.link.url }] });
  const text = view.link ? `${view.summary} ${view.link.url}` : view.summary;
  return { text: escapeMrkdwn(text), blocks };
}

export async function sendSlack(settings: SlackSettings, notification: OutgoingNotification, context: SendContext): Promise<AttemptOutcome> {
  try {
    const answer = await postJson(settings.url, JSON.stringify(slackMessage(notification)), { 'content-type': 'application/json' }, {
      policy: context.policy,
      timeoutMs: context.options.requestTimeoutMs,
      bodyLimitBytes: context.options.responseBodyLimitBytes,
      signal: context.signal,
    });
    return outcomeOfAnswer(answer, new URL(settings.url), PERMANENT, context.now(), context.secrets);
  } catch (error) {
    return outcomeOfError(error, context.secrets);
  }
}
