import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Portable types only: integer ids, epoch-millisecond bigints,
 * JSON as text, booleans as 0/1 integers; conversions happen in the repositories.
 */
export interface Database {
  slot_sequences: SlotSequencesTable;
  slot_sequence_name_parts: SlotSequenceNamePartsTable;
  slots: SlotsTable;
  submissions: SubmissionsTable;
  status_events: StatusEventsTable;
  metrics: MetricsTable;
  quality_results: QualityResultsTable;
  run_environments: RunEnvironmentsTable;
  clients: ClientsTable;
  signing_keys: SigningKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  server_state: ServerStateTable;
  slot_health: SlotHealthTable;
  slot_transitions: SlotTransitionsTable;
  engine_state: EngineStateTable;
  leases: LeasesTable;
  alert_channels: AlertChannelsTable;
  alert_rules: AlertRulesTable;
  alert_rule_channels: AlertRuleChannelsTable;
  alerts: AlertsTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  ui_sessions: UiSessionsTable;
  ui_sign_in_links: UiSignInLinksTable;
  lineage_events: LineageEventsTable;
  lineage_runs: LineageRunsTable;
  ingest_keys: IngestKeysTable;
  metric_rules: MetricRulesTable;
  metric_verdicts: MetricVerdictsTable;
  metric_points: MetricPointsTable;
  /** PostgreSQL only (migration 0011). */
  slot_total: SlotTotalTable;
  /** PostgreSQL only (migration 0011). */
  slot_total_deltas: SlotTotalDeltasTable;
  /** Migration 0012. */
  sequence_stats: SequenceStatsTable;
  /** Migration 0012. */
  sequence_stats_stale: SequenceStatsStaleTable;
}

export interface SlotSequencesTable {
  id: Generated<number>;
  /** Canonical name, unique: the parts as JSON `[[key, value], ...]` in order. */
  name_key: string;
  type: string | null;
  is_active: number;
  /** JSON: `[{ slotParameterGroupName, slotParameters: [{ key, value }] }]`. */
  parameters_json: string;
  /** JSON: the delivery schedules, `[]` when unscheduled. */
  delivery_json: string;
  /** Cadence of the active schedule, or null (unscheduled); kept for filtering. */
  cadence: string | null;
  /** Slots of the active schedule exist for every expected date up to this one (YYYY-MM-DD). */
  materialized_through: string | null;
  /** Epoch ms from which the sequence may be missing slots again (its next local day); 0: check now. */
  materialize_due_on: Generated<number>;
  created_on: number;
  updated_on: number;
}

export interface SlotSequenceNamePartsTable {
  slot_sequence_id: number;
  position: number;
  key: string;
  value: string;
}

export interface SlotsTable {
  id: Generated<number>;
  slot_sequence_id: number;
  tag: string;
  /** Epoch ms; null for unscheduled slots. */
  expected_by: number | null;
  submission_count: number;
  /** The latest submission's roll-up, see domain.md; null when there is none. */
  last_submission_id: number | null;
  last_submission_status: string | null;
  /** When the first completed submission ended; decides delivered vs delivered late. */
  delivered_on: number | null;
  created_on: number;
  updated_on: number;
}

export interface SubmissionsTable {
  id: Generated<number>;
  slot_id: number;
  /** `In Progress`, `Completed` or `Failed`: the last status of the stage `Submission`. */
  status: string;
  /** 1 once any stage reported `Failed`. */
  has_failures: number;
  started_on: number;
  ended_on: number | null;
  created_on: number;
  updated_on: number;
}

export interface StatusEventsTable {
  id: Generated<number>;
  submission_id: number;
  run_id: string | null;
  status: string;
  stage: string | null;
  type: string | null;
  message: string | null;
  modified_by: string | null;
  created_on: number;
}

export interface MetricsTable {
  id: Generated<number>;
  submission_id: number;
  stage: string | null;
  metric: string;
  /** JSON of the value, so numbers and strings keep their type. */
  value_json: string;
  created_on: number;
}

/**
 * A slot's series point of one metric and stage: the latest recording in the slot's latest
 * completed submission, kept by storage/repositories/metric-points.ts in the same transactions as
 * the statuses and metrics it derives from (migration 0010). `stage` is '' when has_stage is 0
 * (recorded without a stage), so the key needs no NULL.
 */
export interface MetricPointsTable {
  slot_id: number;
  metric: string;
  has_stage: number;
  stage: string;
  slot_sequence_id: number;
  slot_time: number;
  tag: string;
  expected_by: number | null;
  submission_id: number;
  has_failures: number;
  metric_id: number;
  value_json: string;
  recorded_on: number;
}

export interface QualityResultsTable {
  id: Generated<number>;
  submission_id: number;
  /** 1: a Great Expectations string (v1 route); 2: a Luco check or collection (v2 route). */
  version: number;
  stage: string | null;
  action: string | null;
  tool: string | null;
  data_set: string | null;
  run_id: string | null;
  /** v1: the results text as sent; v2: the collection as JSON. */
  body: string;
  success: number | null;
  created_on: number;
}

export interface RunEnvironmentsTable {
  id: Generated<number>;
  submission_id: number;
  stage: string | null;
  /** JSON of one run environment record. */
  run_data_json: string;
  created_on: number;
}

export interface ClientsTable {
  client_id: string;
  name: string | null;
  role: string;
  secret_hash: string;
  created_on: number;
  revoked_on: number | null;
}

export interface SigningKeysTable {
  kid: string;
  /** base64 of the HMAC key. */
  secret: string;
  created_on: number;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  method: string;
  path: string;
  body_sha256: string;
  /** null while the first request is still being processed. */
  status: number | null;
  response_body: string | null;
  response_content_type: string | null;
  created_on: number;
  expires_on: number;
}

export interface ServerStateTable {
  key: string;
  value: string;
  created_on: number;
}

/** A slot's recorded health (domain/slot-health.ts); no row means Pending. */
export interface SlotHealthTable {
  slot_id: number;
  state: string;
  /** Epoch ms when the slot entered this state. */
  since: number;
  updated_on: number;
}

export interface SlotTransitionsTable {
  id: Generated<number>;
  slot_id: number;
  from_state: string;
  to_state: string;
  /** When the change happened (the deadline for Overdue, the event's time for a write). */
  occurred_on: number;
  recorded_on: number;
  /** Set once the engine turned the change into alerts. */
  processed_on: number | null;
}

export interface EngineStateTable {
  key: string;
  value: string;
  updated_on: number;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_on: number;
}

export interface AlertChannelsTable {
  id: Generated<number>;
  name: string;
  /** webhook, slack, teams or email. */
  type: string;
  /** The settings that are not secret (JSON). */
  config_json: string;
  /** The secrets (URLs with tokens, signing secrets, SMTP passwords), sealed with the key-encryption key. */
  secrets_sealed: string;
  enabled: number;
  created_on: number;
  updated_on: number;
  /** When a webhook's signing secrets last changed (the API shows this, never the secrets); null for other types. */
  signing_secrets_rotated_on: number | null;
}

export interface AlertRulesTable {
  id: Generated<number>;
  name: string;
  enabled: number;
  /** Which sequences (JSON: name patterns, types, cadences). */
  filter_json: string;
  /** Which changes (JSON array of alert kinds). */
  events_json: string;
  grace_seconds: number;
  reminder_seconds: number | null;
  /** Mute windows (JSON array). */
  mute_json: string;
  /** When the engine last looked at the slots already in a bad state for this rule; null: new or changed. */
  evaluated_on: number | null;
  created_on: number;
  updated_on: number;
}

export interface AlertRuleChannelsTable {
  rule_id: number;
  channel_id: number;
}

export interface AlertsTable {
  id: Generated<number>;
  rule_id: number;
  slot_id: number;
  /** pending (inside the grace), open, resolved or cancelled (recovered inside the grace). */
  state: string;
  /** What is wrong: overdue, failed, quality_cancelled, quality_failed, delivered_late. */
  kind: string;
  /** When a pending alert opens (the change's time + the rule's grace, or a mute window's end). */
  fire_after: number;
  opened_on: number | null;
  resolved_on: number | null;
  last_notified_on: number | null;
  next_reminder_on: number | null;
  created_on: number;
  updated_on: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  /** The `webhook-id`: the same on every attempt, so receivers can drop repeats. */
  message_id: string;
  alert_id: number | null;
  channel_id: number;
  /** opened, changed, reminder, resolved, late or test. */
  event: string;
  payload_json: string;
  /** pending, delivered or dead. */
  status: string;
  attempts: number;
  next_attempt_on: number;
  /** A sender holds the row until then; another may take it over afterwards. */
  claimed_until: number | null;
  last_error: string | null;
  last_status_code: number | null;
  created_on: number;
  delivered_on: number | null;
}

export interface NotificationAttemptsTable {
  id: Generated<number>;
  notification_id: number;
  attempted_on: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
}

/** A signed-in dashboard browser; the cookie value is kept only as its SHA-256. */
export interface UiSessionsTable {
  id: Generated<number>;
  /** Hex SHA-256 of the cookie value. */
  token_hash: string;
  client_id: string;
  created_on: number;
  expires_on: number;
}

/** A one-time dashboard sign-in link; the token is kept only as its SHA-256. */
export interface UiSignInLinksTable {
  id: Generated<number>;
  token_hash: string;
  client_id: string;
  created_on: number;
  expires_on: number;
  /** When the link was redeemed; a used link signs no one in again. */
  used_on: number | null;
}

/** One OpenLineage RunEvent as received (the raw log); unique on run id, event type and time. */
export interface LineageEventsTable {
  id: Generated<number>;
  run_id: string;
  event_type: string;
  /** Epoch ms of the event's eventTime. */
  event_time: number;
  job_namespace: string;
  job_name: string;
  body: string;
  received_on: number;
}

/** An OpenLineage run and the submission (and stage) it maps to. */
export interface LineageRunsTable {
  run_id: string;
  job_namespace: string;
  job_name: string;
  slot_id: number | null;
  submission_id: number | null;
  /** `Submission` for a run of its own; a child run's stage in its parent's submission. */
  stage: string;
  parent_run_id: string | null;
  /** The last status recorded for the run (`In Progress`, `Completed`, `Failed`), or null. */
  status: string | null;
  /** The terminal event applied (COMPLETE, FAIL, ABORT) and its time; the run never leaves it. */
  ended_type: string | null;
  ended_at: number | null;
  environment_recorded: Generated<number>;
  created_on: number;
}

/** A long-lived ingest key of a client; only its SHA-256 is stored. */
export interface IngestKeysTable {
  id: Generated<number>;
  /** Public id (shown in lists, used to revoke). */
  key_id: string;
  key_hash: string;
  client_id: string;
  name: string | null;
  created_on: number;
  revoked_on: number | null;
}

export interface MetricRulesTable {
  id: Generated<number>;
  name: string;
  enabled: number;
  /** Which sequences (JSON: name patterns, types, cadences), as alert rules. */
  filter_json: string;
  metric: string;
  stage: string | null;
  /** Failed or Cancelled: what a violation means for the slot's quality. */
  action: string;
  /** bounds, change or seasonal. */
  kind: string;
  /** The kind's settings (JSON). */
  settings_json: string;
  created_on: number;
  updated_on: number;
}

export interface MetricVerdictsTable {
  id: Generated<number>;
  rule_id: number;
  slot_id: number;
  submission_id: number;
  metric: string;
  stage: string | null;
  value: number;
  lower: number | null;
  upper: number | null;
  center: number | null;
  /** passed, violated or insufficient_history. */
  verdict: string;
  history_size: number;
  /** The quality record (a lucots-anomaly collection) that shows this verdict as a check. */
  quality_result_id: number | null;
  evaluated_on: number;
}

export type SlotSequenceRow = Selectable<SlotSequencesTable>;
export type NewSlotSequenceRow = Insertable<SlotSequencesTable>;
export type SlotSequenceUpdate = Updateable<SlotSequencesTable>;
export type SlotRow = Selectable<SlotsTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
export type StatusEventRow = Selectable<StatusEventsTable>;
export type MetricRow = Selectable<MetricsTable>;
export type QualityResultRow = Selectable<QualityResultsTable>;
export type RunEnvironmentRow = Selectable<RunEnvironmentsTable>;
export type ClientRow = Selectable<ClientsTable>;

/** The number of slots folded so far (one row, id 1); PostgreSQL only, see migration 0011. */
export interface SlotTotalTable {
  id: number;
  slots: number;
}

/** Slots added (or, negative, removed) by one statement since the last fold; PostgreSQL only. */
export interface SlotTotalDeltasTable {
  id: Generated<number>;
  slots: number;
}

/** A sequence's figures as of its last fold (migration 0012); valid while it has no stale mark. */
export interface SequenceStatsTable {
  slot_sequence_id: number;
  failed_count: number;
  /** The slot time of its last delivered slot; null when none. */
  last_delivery_at: number | null;
  /** The earliest expectedBy of its slots without a submission; null when none. */
  first_unsubmitted_due: number | null;
}

/** A sequence whose kept figures a committed write may have changed since the last fold. */
export interface SequenceStatsStaleTable {
  id: Generated<number>;
  slot_sequence_id: number;
}
