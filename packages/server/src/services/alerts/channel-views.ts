import { type AlertChannel, redactedUrl } from '../../domain/alerts/channel.js';
import { iso, isoOrNull } from '../../wire/instants.js';

/**
 * A channel as API answers show it: never a secret. URLs as their scheme and host, signing
 * secrets as a count and when they last changed (no prefix or fingerprint of them), header names
 * without values, an SMTP password as whether one is set.
 */
export function toChannelView(channel: AlertChannel, rotatedOn: number | null) {
  const { settings } = channel;
  const shown = (() => {
    switch (settings.type) {
      case 'webhook':
        return {
          type: settings.type,
          redactedUrl: redactedUrl(settings.url),
          signingSecrets: { count: settings.signingSecrets.length, rotatedOn: isoOrNull(rotatedOn) },
          headerNames: Object.keys(settings.headers),
        };
      case 'slack':
      case 'teams':
        return { type: settings.type, redactedUrl: redactedUrl(settings.url) };
      case 'email':
        return {
          type: settings.type,
          host: settings.host,
          port: settings.port,
          security: settings.security,
          username: settings.username,
          passwordSet: settings.password !== null,
          from: settings.from,
          to: [...settings.to],
        };
    }
  })();
  return { channelId: channel.id, name: channel.name, enabled: channel.enabled, type: settings.type, settings: shown, createdOn: iso(channel.createdOn), updatedOn: iso(channel.updatedOn) };
}

export type ChannelViewBody = ReturnType<typeof toChannelView>;
