import type { TeamsSettings } from '../../../../domain/alerts/channel.js';
import { postJson } from '../http-post.js';
import { type AttemptOutcome, permanent } from '../outcome.js';
import { renderNotification } from '../render.js';
import { isRetiredTeamsConnector } from '../target/check-channel.js';
import type { OutgoingNotification, SendContext } from './channel.js';
import { outcomeOfAnswer, outcomeOfError } from './http-outcome.js';

/** A workflow that refuses the card (400), the URL's signature (401/403), or no longer exists (404/410). */
const PERMANENT = new Set([400, 401, 403, 404, 410]);

/**
 * The body a Teams workflow ("When a Teams webhook request is received") posts to a channel:
 * a message with one Adaptive Card (1.2, which every Teams client renders): the summary, the
 * details, a FactSet, and a button to the slot.
 */
export function teamsMessage(notification: OutgoingNotification): unknown {
  const view = renderNotification(notification.payload);
  const body: unknown[] = [{ type: 'TextBlock', text: view.summary, weight: 'Bolder', size: 'Medium', wrap: true }];
  for (const line of view.details) body.push({ type: 'TextBlock', text: line, wrap: true, spacing: 'Small' });
  if (view.facts.length > 0) body.push({ type: 'FactSet', facts: view.facts.map((fact) => ({ title: fact.title, value: fact.value })) });
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.2',
    body,
    ...(view.link ? { actions: [{ type: 'Action.OpenUrl', title: view.link.label, url: view.link.url }] } : {}),
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

export async function sendTeams(settings: TeamsSettings, notification: OutgoingNotification, context: SendContext): Promise<AttemptOutcome> {
  let url: URL;
  try {
    url = new URL(settings.url);
  } catch {
    return permanent('the channel URL is not a URL');
  }
  if (isRetiredTeamsConnector(url)) return permanent(`the URL is a retired Office 365 connector (${url.hostname}); use a Teams workflow webhook URL`);
  try {
    const answer = await postJson(settings.url, JSON.stringify(teamsMessage(notification)), { 'content-type': 'application/json' }, {
      policy: context.policy,
      timeoutMs: context.options.requestTimeoutMs,
      bodyLimitBytes: context.options.responseBodyLimitBytes,
      signal: context.signal,
    });
    return outcomeOfAnswer(answer, url, PERMANENT, context.now(), context.secrets);
  } catch (error) {
    return outcomeOfError(error, context.secrets);
  }
}
