/**
 * Alerts, alert rules and alert channels: LucoTS-server extensions under `/lucots/v1/` (the
 * hosted Luco API does not have them). Rules and channels need an admin client; alerts, a reader.
 */
import type { SlotSequenceName } from './slot-sequence.js';

type OneOrMany<T> = T | readonly T[];

/** What an alert is about. */
export type AlertKind = 'overdue' | 'failed' | 'quality_cancelled' | 'quality_failed' | 'delivered_late';
/** pending: inside the grace (or a mute window); open: notified; resolved: recovered after it opened; cancelled: recovered inside the grace, nobody told. */
export type AlertState = 'pending' | 'open' | 'resolved' | 'cancelled';
export type AlertChannelType = 'webhook' | 'slack' | 'teams' | 'email';
export type DayOfWeek = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';
export type RuleCadence = 'daily' | 'weekdays' | 'weekly' | 'monthly' | 'unscheduled';

/**
 * A webhook signed per Standard Webhooks. `signingSecrets`: `whsec_` + base64 of 24 to 64
 * random bytes; two while rotating. Left out on create, the server generates one and returns it
 * once (`AlertChannelCreated.signingSecret`); left out of an update, the stored ones stay. The
 * same for `url` and `headers` on update.
 */
export interface WebhookChannelSettings {
  type: 'webhook';
  url?: string | undefined;
  signingSecrets?: readonly string[] | undefined;
  /** Extra request headers (e.g. the receiver's own credential); their values are write-only. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** A Slack incoming webhook; `url` left out of an update keeps the stored one. */
export interface SlackChannelSettings {
  type: 'slack';
  url?: string | undefined;
}

/** A Microsoft Teams workflow webhook ("When a Teams webhook request is received"); the retired Office 365 connector URLs are refused. */
export interface TeamsChannelSettings {
  type: 'teams';
  url?: string | undefined;
}

/** E-mail over SMTP. `password` left out of an update keeps the stored one; null removes it. */
export interface EmailChannelSettings {
  type: 'email';
  host: string;
  port: number;
  /** tls: TLS from the first byte (465); starttls: upgrade required (587); none: plain (not with a password). */
  security: 'tls' | 'starttls' | 'none';
  username?: string | null | undefined;
  password?: string | null | undefined;
  from: string;
  to: readonly string[];
}

export type AlertChannelSettingsInput = WebhookChannelSettings | SlackChannelSettings | TeamsChannelSettings | EmailChannelSettings;

/** The body of `alerts.channels.create` and `alerts.channels.update` (an update replaces the settings, keeping secrets it leaves out). */
export interface AlertChannelInput {
  /** Unique, 1 to 100 characters. */
  name: string;
  /** Default true. */
  enabled?: boolean | undefined;
  settings: AlertChannelSettingsInput;
}

/** A channel's settings as the server shows them: never a secret. */
export interface AlertChannelSettingsView {
  type: AlertChannelType;
  /** webhook, slack, teams: the URL's scheme and host only (`https://hooks.example.com/…`). */
  redactedUrl?: string;
  /** webhook: how many signing secrets, and when they last changed. */
  signingSecrets?: { count: number; rotatedOn: string | null };
  /** webhook: the extra headers' names. */
  headerNames?: string[];
  host?: string;
  port?: number;
  security?: string;
  username?: string | null;
  /** email: whether a password is stored. */
  passwordSet?: boolean;
  from?: string;
  to?: string[];
}

export interface AlertChannel {
  channelId: number;
  name: string;
  enabled: boolean;
  type: AlertChannelType;
  settings: AlertChannelSettingsView;
  createdOn: string;
  updatedOn: string;
}

/** The answer to a create: with `signingSecret` when the server generated one (shown this once). */
export interface AlertChannelCreated extends AlertChannel {
  signingSecret?: string;
}

/** How a channel's test notification went. */
export interface AlertChannelTestResult {
  /** delivered or failed: its one attempt; pending: no sender tried it in time. */
  status: 'delivered' | 'failed' | 'pending';
  notificationId: number;
  /** The `webhook-id` the receiver saw. */
  messageId: string;
  statusCode: number | null;
  error: string | null;
  attemptedOn: string | null;
  durationMs: number | null;
}

/** One name part a sequence must have; `*` in the value matches any run of characters. */
export interface NamePattern {
  key: string;
  value: string;
}

/** A quiet time of the week: from `start` to `end` (HH:MM, local in `timeZone`) on `days` (none: every day); end at or before start runs past midnight. */
export interface MuteWindow {
  days?: readonly DayOfWeek[] | undefined;
  start: string;
  end: string;
  timeZone: string;
}

/** The body of `alerts.rules.create` and `alerts.rules.update` (an update replaces the rule; what it leaves out gets its default). */
export interface AlertRuleInput {
  /** Unique, 1 to 100 characters. */
  name: string;
  /** Default true. */
  enabled?: boolean | undefined;
  /** Which sequences; left out: all. */
  filter?: { name?: readonly NamePattern[] | undefined; types?: readonly string[] | undefined; cadences?: readonly RuleCadence[] | undefined } | undefined;
  /** Default: overdue, failed, quality_cancelled, quality_failed. */
  events?: readonly AlertKind[] | undefined;
  /** 0 to 604800 (7 days); default 0. */
  graceSeconds?: number | undefined;
  /** 300 to 2592000 (30 days), or null for none (the default). */
  reminderSeconds?: number | null | undefined;
  mute?: readonly MuteWindow[] | undefined;
  /** Existing channel ids; none: alerts are recorded, nobody is told. */
  channelIds?: readonly number[] | undefined;
}

export interface AlertRule {
  ruleId: number;
  name: string;
  enabled: boolean;
  filter: { name: NamePattern[]; types: string[]; cadences: RuleCadence[] };
  events: AlertKind[];
  graceSeconds: number;
  reminderSeconds: number | null;
  mute: Array<{ days: DayOfWeek[]; start: string; end: string; timeZone: string }>;
  channelIds: number[];
  channels: Array<{ channelId: number; name: string; type: AlertChannelType }>;
  createdOn: string;
  updatedOn: string;
}

/** Filters of `alerts.list`; every filter given applies, a list matches any of its values. */
export interface AlertFilters {
  state?: OneOrMany<AlertState> | undefined;
  kind?: OneOrMany<AlertKind> | undefined;
  ruleId?: OneOrMany<number> | undefined;
  slotSequenceId?: OneOrMany<number> | undefined;
  slotId?: OneOrMany<number> | undefined;
  /** Name parts the sequence must all have, e.g. `{ client: 'acme', feed: '*' }` (`*`: any run of characters). */
  sequence?: Readonly<Record<string, string>> | undefined;
  /** Created at or after (an ISO date or date-time, or a Date). */
  since?: Date | string | undefined;
  /** Created at or before; a date alone includes that whole UTC day. */
  until?: Date | string | undefined;
}

/** One alert; `slotSequence.name` flattened to `{ key: value }`. */
export interface Alert {
  alertId: number;
  state: AlertState;
  kind: AlertKind;
  rule: { ruleId: number; name: string };
  slot: { slotId: number; tag: string; expectedBy: string | null };
  slotSequence: { slotSequenceId: number; name: SlotSequenceName };
  /** When the rule first noticed the bad state. */
  createdOn: string;
  fireAfter: string;
  openedOn: string | null;
  resolvedOn: string | null;
  lastNotifiedOn: string | null;
  nextReminderOn: string | null;
  updatedOn: string;
}

/** One try at delivering a notification. */
export interface AlertDeliveryAttempt {
  attemptedOn: string;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/** A notification of an alert to one channel, with its delivery log. */
export interface AlertNotification {
  notificationId: number;
  messageId: string;
  event: 'opened' | 'changed' | 'reminder' | 'resolved' | 'late' | 'test';
  channel: { channelId: number; name: string; type: AlertChannelType };
  /** pending, delivered or dead. */
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptOn: string | null;
  createdOn: string;
  deliveredOn: string | null;
  deliveryLog: AlertDeliveryAttempt[];
}

export interface AlertDetail extends Alert {
  notificationCount: number;
  /** The latest 200, oldest first. */
  notifications: AlertNotification[];
}
