import type { ChannelSettings } from '../../../../domain/alerts/channel.js';
import type { AttemptOutcome } from '../outcome.js';
import type { OutgoingNotification, SendContext } from './channel.js';
import { sendEmail } from './email.js';
import { sendSlack } from './slack.js';
import { sendTeams } from './teams.js';
import { sendWebhook } from './webhook.js';

export type { OutgoingNotification, SendContext } from './channel.js';

/** One attempt through whichever channel the settings describe. Never throws: every failure is an outcome. */
export function sendThroughChannel(settings: ChannelSettings, notification: OutgoingNotification, context: SendContext): Promise<AttemptOutcome> {
  switch (settings.type) {
    case 'webhook':
      return sendWebhook(settings, notification, context);
    case 'slack':
      return sendSlack(settings, notification, context);
    case 'teams':
      return sendTeams(settings, notification, context);
    case 'email':
      return sendEmail(settings, notification, context);
  }
}
