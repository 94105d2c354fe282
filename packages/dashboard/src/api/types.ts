// The server's JSON answers the dashboard reads (docs/openapi.json), as far as it reads them.

export interface NamePart {
  slotParameter: { key: string; value: string };
  position: number;
}

export type Role = 'reader' | 'writer' | 'admin';

export interface Session {
  clientId: string;
  name: string;
  role: Role;
  expiresOn: string;
}

export interface SequenceOverviewItem {
  slotSequenceId: number;
  name: NamePart[];
  type: string | null;
  cadence: string | null;
  isActive: boolean;
  slots: number;
  overdueCount: number;
  failedCount: number;
  lastDeliverySlot: { slotId: number; tag: string; expectedBy: string | null; deliveredOn: string | null } | null;
  upcomingSlot: { tag: string; expectedBy: string } | null;
}

export interface SequencesOverview {
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  slotSequences: SequenceOverviewItem[];
}

export type SlotStatus = 'Awaiting' | 'InProgress' | 'Delivered' | 'DeliveredLate' | 'Overdue' | 'Failed';

export interface SlotOverviewItem {
  slotId: number;
  slotSequenceId: number;
  name: NamePart[];
  tag: string;
  type: string | null;
  cadence: string | null;
  slotStatus: SlotStatus;
  expectedBy: string | null;
  createdOn: string;
  updatedOn: string;
  submissions: number;
  lastSubmissionId: number | null;
  lastSubmissionStatus: string | null;
}

export interface SlotsOverview {
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  slots: SlotOverviewItem[];
}

export interface DeliverySchedule {
  isActive: boolean;
  cadence: 'daily' | 'weekdays' | 'weekly' | 'monthly';
  daysOfWeek?: string[];
  dayOfMonth?: number;
  expectedBy: string;
  timeZone: string;
  startDate: string;
  endDate?: string | null;
}

export interface ParameterGroup {
  slotParameterGroupName: string;
  slotParameters: { key: string; value: string }[];
}

export interface SlotSequence {
  slotSequenceId: number;
  isActive: boolean;
  definition: { name: NamePart[]; type: { slotSequenceTypeName: string | null } };
  parameters: { slotParameterGroups: ParameterGroup[] };
  delivery?: DeliverySchedule[];
  cadence: string | null;
  nextExpectedSlot: string | null;
  createdOn: string;
  updatedOn: string;
}

export const SLOT_HEALTHS = ['Pending', 'Overdue', 'Failed', 'QualityCancelled', 'QualityFailed', 'Delivered', 'DeliveredLate'] as const;
export type SlotHealth = (typeof SLOT_HEALTHS)[number];

export interface CalendarSlot {
  slotId: number;
  tag: string;
  expectedBy: string | null;
  health: SlotHealth;
  submissionCount: number;
  lastSubmissionId: number | null;
  lastStatus: string | null;
  deliveredOn: string | null;
}

export interface SequenceCalendar {
  slotSequenceId: number;
  timeZone: string;
  from: string;
  to: string;
  /** True when the window held more slots than one answer lists (the latest are listed). */
  truncated?: boolean;
  slots: CalendarSlot[];
}

export interface MetricPoint {
  slotId: number;
  tag: string;
  submissionId: number;
  at: string;
  value: number;
  failed: boolean;
}

export interface MetricSeries {
  stage: string | null;
  metric: string;
  points: MetricPoint[];
}

export interface MetricSeriesAnswer {
  series: MetricSeries[];
}

export interface RunEnvironment {
  stage: string | null;
  runData: Record<string, unknown>;
  createdOn: string;
}

export interface SlotSubmissionItem {
  submissionId: number;
  status: string;
  lastSubmissionStatus?: string;
  stage: string | null;
  startTime: string;
  endTime: string | null;
  runEnvironments: RunEnvironment[];
}

export interface SlotSubmissions {
  slotId: number;
  slotSequenceId?: number;
  totalCount?: number;
  submissions: SlotSubmissionItem[];
}

export interface SubmissionSummary {
  slotSubmissionId: number;
  status: 'In Progress' | 'Completed' | 'Failed';
  startedOn: string;
  endedOn: string | null;
  lastSubmissionStatus: 'CompletedWithoutFailures' | 'CompletedWithFailures' | 'Failed' | 'InProgress';
}

export interface SubmissionDetails {
  slot: { slotId: number; tag: string; expectedBy: string | null; slotSequenceId: number; slotStatus: SlotStatus };
  slotSequence: {
    slotSequenceId: number;
    isActive: boolean;
    definition: { name: NamePart[]; type: { slotSequenceTypeName: string | null } };
    delivery?: DeliverySchedule[];
  };
  submission: SubmissionSummary;
}

export interface StatusEvent {
  statusId: number;
  runId: string | null;
  status: string;
  stage: string | null;
  type: string | null;
  message: string | null;
  modifiedBy: string | null;
  createdOn: string;
}

export interface MetricRecord {
  stage: string | null;
  metric: string;
  value: number | string;
  createdOn: string;
}

export interface QualityCheck {
  check: string;
  success: boolean;
  checkArgs?: unknown;
  onFail?: unknown;
  referenceUrl?: unknown;
  tags?: unknown;
  observed?: unknown;
  metadata?: unknown;
  [extra: string]: unknown;
}

export interface QualityCollection {
  qualityId: number;
  checks: QualityCheck[];
  success: boolean;
  stage: string | null;
  action: 'Continued' | 'Cancelled';
  createdOn: string;
  [extra: string]: unknown;
}

export type AlertState = 'pending' | 'open' | 'resolved' | 'cancelled';
export type AlertKind = 'overdue' | 'failed' | 'quality_cancelled' | 'quality_failed' | 'delivered_late';

export interface Alert {
  alertId: number;
  state: AlertState;
  kind: AlertKind;
  rule: { ruleId: number; name: string };
  slot: { slotId: number; tag: string; expectedBy: string | null };
  slotSequence: { slotSequenceId: number; name: NamePart[] };
  createdOn: string;
  fireAfter: string;
  openedOn: string | null;
  resolvedOn: string | null;
  lastNotifiedOn: string | null;
  nextReminderOn: string | null;
  updatedOn: string;
}

export interface AlertsPage {
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  alerts: Alert[];
}

export interface AlertRule {
  ruleId: number;
  name: string;
  enabled: boolean;
  filter: { name: { key: string; value: string }[]; types: string[]; cadences: string[] };
  events: string[];
  graceSeconds: number;
  reminderSeconds: number | null;
  mute: { days: string[]; start: string; end: string; timeZone: string }[];
  channelIds: number[];
  channels: { channelId: number; name: string; type: string }[];
  createdOn: string;
  updatedOn: string;
}

export interface AlertChannel {
  channelId: number;
  name: string;
  enabled: boolean;
  type: 'webhook' | 'slack' | 'teams' | 'email';
  settings: {
    type: string;
    redactedUrl?: string;
    signingSecrets?: { count: number; rotatedOn: string | null };
    headerNames?: string[];
    host?: string;
    port?: number;
    security?: string;
    username?: string | null;
    passwordSet?: boolean;
    from?: string;
    to?: string[];
  };
  createdOn: string;
  updatedOn: string;
}
