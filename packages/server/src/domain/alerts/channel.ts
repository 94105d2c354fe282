/** Where notifications go. Secrets (URLs carrying tokens, signing secrets, passwords) are write-only in the API and sealed at rest. */
export const CHANNEL_TYPES = ['webhook', 'slack', 'teams', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** A generic webhook signed per the Standard Webhooks scheme. */
export interface WebhookSettings {
  type: 'webhook';
  url: string;
  /** `whsec_<base64>`; two during a rotation (each message is signed with both). */
  signingSecrets: string[];
  /** Extra request headers; sealed at rest and shown only by name, since they may carry credentials. */
  headers: Record<string, string>;
}

/** A Slack incoming webhook. */
export interface SlackSettings {
  type: 'slack';
  url: string;
}

/** A Microsoft Teams workflow ("When a Teams webhook request is received") URL; takes Adaptive Cards. */
export interface TeamsSettings {
  type: 'teams';
  url: string;
}

/** E-mail over SMTP. */
export interface EmailSettings {
  type: 'email';
  host: string;
  port: number;
  /** tls: TLS from the first byte (usually 465); starttls: upgrade required (587); none: plain (tests, local relays). */
  security: 'tls' | 'starttls' | 'none';
  username: string | null;
  password: string | null;
  from: string;
  to: string[];
}

export type ChannelSettings = WebhookSettings | SlackSettings | TeamsSettings | EmailSettings;

export interface AlertChannel {
  id: number;
  name: string;
  enabled: boolean;
  settings: ChannelSettings;
  createdOn: number;
  updatedOn: number;
}

/** The parts of a channel's settings that are secret; the rest is shown in API answers. */
export function splitSecrets(settings: ChannelSettings): { config: Record<string, unknown>; secrets: Record<string, unknown> } {
  switch (settings.type) {
    case 'webhook':
      // Extra headers often carry credentials (an Authorization header): sealed with the secrets.
      return { config: { type: settings.type }, secrets: { url: settings.url, signingSecrets: settings.signingSecrets, headers: settings.headers } };
    case 'slack':
    case 'teams':
      return { config: { type: settings.type }, secrets: { url: settings.url } };
    case 'email': {
      const { password, ...config } = settings;
      return { config, secrets: { password } };
    }
  }
}

/** Puts settings back together from their stored halves. */
export function joinSecrets(config: Record<string, unknown>, secrets: Record<string, unknown>): ChannelSettings {
  return { ...config, ...secrets } as unknown as ChannelSettings;
}

/** What an API answer may show of a secret URL: its scheme and host, never its path or query (they carry tokens). */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return '(unreadable URL)';
  }
}
