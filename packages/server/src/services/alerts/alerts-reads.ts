import type { AppContext } from '../../context.js';
import type { AlertKind, AlertState } from '../../domain/alerts/kinds.js';
import type { NotificationEvent } from '../../domain/alerts/notification.js';
import type { NamePattern } from '../../domain/alerts/rule.js';
import { notFound } from '../../errors.js';
import { AlertReadRepository, type AlertRow, type NotificationRow } from '../../storage/repositories/alerts/alert-reads.js';
import { iso, isoOrNull } from '../../wire/instants.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';
import { toWireName } from '../../wire/names.js';
import { type Paging, parseInstant } from '../overviews/query.js';

/** How many of an alert's notifications its detail lists (the latest; reminders can add up). */
export const DETAIL_NOTIFICATIONS = 200;

export interface AlertListQuery {
  states?: readonly string[] | undefined;
  kinds?: readonly string[] | undefined;
  ruleIds?: readonly number[] | undefined;
  sequenceIds?: readonly number[] | undefined;
  slotIds?: readonly number[] | undefined;
  /** `key=value` texts; the value may use `*`. */
  sequence?: readonly string[] | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** The alerts a reader may see: a filtered, paged list, and one alert with its delivery log. */
export class AlertReadService {
  readonly #alerts: AlertReadRepository;

  constructor(ctx: AppContext) {
    this.#alerts = new AlertReadRepository(ctx.db, ctx.dialect);
  }

  async list(query: AlertListQuery, paging: Paging) {
    const createdFrom = parseInstant('since', query.since, 'start');
    const createdTo = parseInstant('until', query.until, 'end');
    if (createdFrom !== undefined && createdTo !== undefined && createdFrom > createdTo) throw InputError.of('until', 'must not be before since');
    const result = await this.#alerts.list(
      {
        states: query.states,
        kinds: query.kinds,
        ruleIds: query.ruleIds,
        sequenceIds: query.sequenceIds,
        slotIds: query.slotIds,
        name: parseNamePatterns(query.sequence ?? [], 'sequence'),
        createdFrom,
        createdTo,
      },
      { offset: paging.offset, limit: paging.pageSize },
    );
    return { totalCount: result.totalCount, pageNumber: paging.pageNumber, pageSize: paging.pageSize, alerts: result.rows.map(alertView) };
  }

  async get(alertId: number) {
    const alert = await this.#alerts.find(alertId);
    if (!alert) throw notFound(`No alert with id ${alertId}`);
    const notifications = await this.#alerts.notifications(alertId, DETAIL_NOTIFICATIONS);
    return { ...alertView(alert), notificationCount: notifications.count, notifications: notifications.rows.map(notificationView) };
  }
}

/** `key=value` texts (split at the first `=`) as name patterns, every bad one named by its index. */
export function parseNamePatterns(texts: readonly string[], field: string): NamePattern[] {
  const problems: FieldProblem[] = [];
  const patterns: NamePattern[] = [];
  texts.forEach((text, index) => {
    const at = text.indexOf('=');
    const key = at < 0 ? '' : text.slice(0, at);
    const value = at < 0 ? '' : text.slice(at + 1);
    if (key.trim() === '' || value === '') problems.push({ field: `${field}[${index}]`, message: 'must be key=value (the value may use * for any run of characters), e.g. client=acme or feed=*' });
    else patterns.push({ key, value });
  });
  if (problems.length > 0) throw new InputError(problems);
  return patterns;
}

function alertView(row: AlertRow) {
  return {
    alertId: row.id,
    // The engine writes only these values.
    state: row.state as AlertState,
    kind: row.kind as AlertKind,
    rule: { ruleId: row.ruleId, name: row.ruleName },
    slot: { slotId: row.slotId, tag: row.tag, expectedBy: isoOrNull(row.expectedBy) },
    slotSequence: { slotSequenceId: row.sequenceId, name: toWireName(row.sequenceName) },
    createdOn: iso(row.createdOn),
    fireAfter: iso(row.fireAfter),
    openedOn: isoOrNull(row.openedOn),
    resolvedOn: isoOrNull(row.resolvedOn),
    lastNotifiedOn: isoOrNull(row.lastNotifiedOn),
    nextReminderOn: isoOrNull(row.nextReminderOn),
    updatedOn: iso(row.updatedOn),
  };
}

function notificationView(row: NotificationRow) {
  return {
    notificationId: row.id,
    messageId: row.messageId,
    event: row.event as NotificationEvent,
    channel: { channelId: row.channelId, name: row.channelName, type: row.channelType },
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptOn: row.status === 'pending' ? iso(row.nextAttemptOn) : null,
    createdOn: iso(row.createdOn),
    deliveredOn: isoOrNull(row.deliveredOn),
    deliveryLog: row.log.map((attempt) => ({ attemptedOn: iso(attempt.attemptedOn), durationMs: attempt.durationMs, statusCode: attempt.statusCode, error: attempt.error })),
  };
}
