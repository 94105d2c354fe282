/**
 * Alerts, alert rules and alert channels: LucoTS-server extensions under `/lucots/v1/` (the
 * hosted Luco API does not have them). Behind `LucoApi.alerts`.
 */
import { ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import { PagedList } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { describe, id, isoInstant, nonEmptyString, oneOf, positiveInteger, wireJson } from '../core/validate.js';
import type {
  Alert,
  AlertChannel,
  AlertChannelCreated,
  AlertChannelInput,
  AlertChannelTestResult,
  AlertDetail,
  AlertFilters,
  AlertKind,
  AlertRule,
  AlertRuleInput,
  AlertState,
} from '../types/alerts.js';
import type { PagingOptions } from '../types/overview.js';
import type { SlotParameterEntry } from '../types/slot-sequence.js';
import { flattenName } from './slot-sequence-name.js';

const BASE = '/lucots/v1';
const STATES: readonly AlertState[] = ['pending', 'open', 'resolved', 'cancelled'];
const KINDS: readonly AlertKind[] = ['overdue', 'failed', 'quality_cancelled', 'quality_failed', 'delivered_late'];
const CHANNEL_TYPES = ['webhook', 'slack', 'teams', 'email'] as const;

/** Alert rules (admin): which sequences to watch, for what, and whom to tell. */
export class AlertRules {
  constructor(private readonly http: HttpClient) {}

  async list(options: RequestOptions = {}): Promise<AlertRule[]> {
    const { data } = await this.http.request<{ rules?: AlertRule[] }>({ method: 'GET', path: `${BASE}/alert-rules`, options });
    return data?.rules ?? [];
  }

  async get(ruleId: number, options: RequestOptions = {}): Promise<AlertRule> {
    const { data } = await this.http.request<AlertRule>({ method: 'GET', path: `${BASE}/alert-rules/${id('ruleId', ruleId)}`, options });
    return data;
  }

  async create(rule: AlertRuleInput, options: RequestOptions = {}): Promise<AlertRule> {
    const { data } = await this.http.request<AlertRule>({ method: 'POST', path: `${BASE}/alert-rules`, body: checkedRule(rule), options });
    return data;
  }

  /** Replaces the rule: what `rule` leaves out gets its default, as on create. */
  async update(ruleId: number, rule: AlertRuleInput, options: RequestOptions = {}): Promise<AlertRule> {
    const path = `${BASE}/alert-rules/${id('ruleId', ruleId)}`;
    const { data } = await this.http.request<AlertRule>({ method: 'PUT', path, body: checkedRule(rule), options });
    return data;
  }

  /** Deletes the rule with its alerts and their notifications (disable it to keep them). */
  async delete(ruleId: number, options: RequestOptions = {}): Promise<void> {
    await this.http.request<void>({ method: 'DELETE', path: `${BASE}/alert-rules/${id('ruleId', ruleId)}`, options });
  }
}

/** Alert channels (admin): where notifications go. Secrets are write-only: answers never hold them. */
export class AlertChannels {
  constructor(private readonly http: HttpClient) {}

  async list(options: RequestOptions = {}): Promise<AlertChannel[]> {
    const { data } = await this.http.request<{ channels?: AlertChannel[] }>({ method: 'GET', path: `${BASE}/alert-channels`, options });
    return data?.channels ?? [];
  }

  async get(channelId: number, options: RequestOptions = {}): Promise<AlertChannel> {
    const { data } = await this.http.request<AlertChannel>({ method: 'GET', path: `${BASE}/alert-channels/${id('channelId', channelId)}`, options });
    return data;
  }

  /** A webhook created without signing secrets gets one: it is in this answer only (`signingSecret`). */
  async create(channel: AlertChannelInput, options: RequestOptions = {}): Promise<AlertChannelCreated> {
    const { data } = await this.http.request<AlertChannelCreated>({ method: 'POST', path: `${BASE}/alert-channels`, body: checkedChannel(channel), options });
    return data;
  }

  /**
   * Replaces the channel's name and settings; secrets it leaves out (url, signingSecrets,
   * headers, password) keep their stored values. Rotate a signing secret with
   * `signingSecrets: [next, current]`, then `[next]` once receivers use it.
   */
  async update(channelId: number, channel: AlertChannelInput, options: RequestOptions = {}): Promise<AlertChannel> {
    const path = `${BASE}/alert-channels/${id('channelId', channelId)}`;
    const { data } = await this.http.request<AlertChannel>({ method: 'PUT', path, body: checkedChannel(channel), options });
    return data;
  }

  /** Deletes a channel no rule uses (a ConflictError names the rules that still do). */
  async delete(channelId: number, options: RequestOptions = {}): Promise<void> {
    await this.http.request<void>({ method: 'DELETE', path: `${BASE}/alert-channels/${id('channelId', channelId)}`, options });
  }

  /** Sends one test notification and says how its attempt went; every call sends one. */
  async test(channelId: number, options: RequestOptions = {}): Promise<AlertChannelTestResult> {
    const { data } = await this.http.request<AlertChannelTestResult>({ method: 'POST', path: `${BASE}/alert-channels/${id('channelId', channelId)}/test`, options });
    return data;
  }
}

/** `luco.alerts`: what the rules raised (readers), and the rules and channels (admins). */
export class Alerts {
  readonly rules: AlertRules;
  readonly channels: AlertChannels;

  constructor(private readonly http: HttpClient) {
    this.rules = new AlertRules(http);
    this.channels = new AlertChannels(http);
  }

  /** Alerts, newest first; await for the first page, or `for await` every alert. Default page size 100. */
  list(filters: AlertFilters = {}, options: PagingOptions & RequestOptions = {}): PagedList<Alert> {
    const query = alertQuery(filters);
    const pageSize = positiveInteger('pageSize', options.pageSize ?? 100);
    const limit = options.limit === undefined ? undefined : positiveInteger('limit', options.limit);
    return new PagedList<Alert>(
      async (pageNumber, size) => {
        const { data } = await this.http.request<{ alerts?: unknown[]; totalCount?: number }>({ method: 'GET', path: `${BASE}/alerts`, query: { ...query, pageNumber, pageSize: size }, options });
        const items = (data?.alerts ?? []).map((alert) => withFlatName(alert) as Alert);
        return { items, totalCount: typeof data?.totalCount === 'number' ? data.totalCount : items.length };
      },
      { pageSize, limit },
    );
  }

  /** One alert with its notifications and their delivery log. */
  async get(alertId: number, options: RequestOptions = {}): Promise<AlertDetail> {
    const { data } = await this.http.request<unknown>({ method: 'GET', path: `${BASE}/alerts/${id('alertId', alertId)}`, options });
    return withFlatName(data) as AlertDetail;
  }
}

function alertQuery(filters: AlertFilters) {
  const list = <T>(value: T | readonly T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? [...(value as readonly T[])] : [value as T]);
  const sequence = Object.entries(filters.sequence ?? {}).map(([key, value]) => {
    const field = `sequence.${key}`;
    if (key.trim() === '' || key.includes('=')) throw new ValidationError(field, 'a name key must not be empty or contain =');
    nonEmptyString(field, key);
    return `${key}=${nonEmptyString(field, value)}`;
  });
  return {
    state: list(filters.state).map((state, index) => oneOf(`state[${index}]`, state, STATES)),
    kind: list(filters.kind).map((kind, index) => oneOf(`kind[${index}]`, kind, KINDS)),
    ruleId: list(filters.ruleId).map((value, index) => id(`ruleId[${index}]`, value)),
    slotSequenceId: list(filters.slotSequenceId).map((value, index) => id(`slotSequenceId[${index}]`, value)),
    slotId: list(filters.slotId).map((value, index) => id(`slotId[${index}]`, value)),
    sequence,
    since: filters.since === undefined ? undefined : isoInstant('since', filters.since),
    until: filters.until === undefined ? undefined : isoInstant('until', filters.until),
  };
}

function checkedRule(rule: AlertRuleInput): AlertRuleInput {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) throw new ValidationError('rule', `must be an object, got ${describe(rule)}`);
  nonEmptyString('rule.name', rule.name);
  (rule.channelIds ?? []).forEach((value, index) => id(`rule.channelIds[${index}]`, value));
  wireJson('rule', rule);
  return rule;
}

function checkedChannel(channel: AlertChannelInput): AlertChannelInput {
  if (channel === null || typeof channel !== 'object' || Array.isArray(channel)) throw new ValidationError('channel', `must be an object, got ${describe(channel)}`);
  nonEmptyString('channel.name', channel.name);
  const settings = channel.settings as unknown;
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) throw new ValidationError('channel.settings', `must be an object, got ${describe(settings)}`);
  oneOf('channel.settings.type', (settings as { type?: unknown }).type, CHANNEL_TYPES);
  // The field is named, never the value: settings hold secrets.
  wireJson('channel', channel);
  return channel;
}

function withFlatName(alert: unknown): unknown {
  const record = alert as { slotSequence?: { slotSequenceId?: number; name?: SlotParameterEntry[] } } | null;
  if (!record?.slotSequence) return alert;
  return { ...record, slotSequence: { ...record.slotSequence, name: flattenName(record.slotSequence.name) } };
}
