import type { ChannelSettings } from '../../../domain/alerts/channel.js';

const MAX_ERROR_LENGTH = 500;
const REDACTED = '[redacted]';

/**
 * The secret strings of a channel's settings: its URL (with the path and query that carry
 * tokens), those parts alone, signing secrets, the SMTP password. Error text from libraries and
 * receivers is scrubbed of them before it is stored or logged.
 */
export function secretsOf(settings: ChannelSettings): string[] {
  const found: string[] = [];
  const addUrl = (text: string) => {
    found.push(text);
    try {
      const url = new URL(text);
      if (url.pathname.length > 1) found.push(url.pathname, decodeURIComponent(url.pathname));
      if (url.search.length > 1) found.push(url.search.slice(1));
      for (const value of url.searchParams.values()) found.push(value);
    } catch {
      // An unreadable URL is scrubbed as a whole only.
    }
  };
  switch (settings.type) {
    case 'webhook':
      addUrl(settings.url);
      for (const secret of settings.signingSecrets) found.push(secret, secret.replace(/^whsec_/, ''));
      break;
    case 'slack':
    case 'teams':
      addUrl(settings.url);
      break;
    case 'email':
      if (settings.password) found.push(settings.password);
      break;
  }
  // Longest first, so a URL goes before the path inside it; very short pieces ('/a') are not secrets.
  return [...new Set(found)].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
}

/** Text safe to store and show: the secrets replaced, control characters gone, bounded in length. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) clean = clean.split(secret).join(REDACTED);
  clean = clean.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > MAX_ERROR_LENGTH ? `${clean.slice(0, MAX_ERROR_LENGTH - 1)}…` : clean;
}
