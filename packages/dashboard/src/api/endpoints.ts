import type { ApiClient, Query } from './client';
import type {
  AlertChannel,
  AlertRule,
  AlertsPage,
  MetricRecord,
  MetricSeriesAnswer,
  QualityCollection,
  RunEnvironment,
  SequenceCalendar,
  SequencesOverview,
  Session,
  SlotSequence,
  SlotSubmissions,
  SlotsOverview,
  StatusEvent,
  SubmissionDetails,
} from './types';

// One function per server route the dashboard reads; paths as in docs/openapi.json.

const id = (value: number): string => encodeURIComponent(String(value));

export const sessionApi = {
  current: (api: ApiClient, signal?: AbortSignal) => api.request<Session>('/lucots/v1/session', { signal, allowUnauthorized: true }),
  signIn: (api: ApiClient, credentials: { clientId: string; clientSecret: string } | { link: string }) =>
    api.request<Session>('/lucots/v1/session', { method: 'POST', body: credentials, allowUnauthorized: true }),
  signOut: (api: ApiClient) => api.request<void>('/lucots/v1/session', { method: 'DELETE', allowUnauthorized: true }),
};

export const estateApi = {
  sequences: (api: ApiClient, query: Query, signal?: AbortSignal) => api.get<SequencesOverview>('/v2/slotsequences/overview', query, signal),
  slots: (api: ApiClient, query: Query, signal?: AbortSignal) => api.get<SlotsOverview>('/v2/slots/overview', query, signal),
};

export const sequenceApi = {
  get: (api: ApiClient, sequenceId: number, signal?: AbortSignal) => api.get<SlotSequence>(`/v2/slotsequences/${id(sequenceId)}`, { includeDelivery: 'true' }, signal),
  calendar: (api: ApiClient, sequenceId: number, range: { from: string; to: string }, signal?: AbortSignal) =>
    api.get<SequenceCalendar>(`/lucots/v1/slot-sequences/${id(sequenceId)}/calendar`, range, signal),
  metricSeries: (api: ApiClient, sequenceId: number, range: { from: string; to: string }, signal?: AbortSignal) =>
    api.get<MetricSeriesAnswer>(`/lucots/v1/slot-sequences/${id(sequenceId)}/metric-series`, range, signal),
};

export const slotApi = {
  submissions: (api: ApiClient, slotId: number, signal?: AbortSignal) => api.get<SlotSubmissions>(`/lucots/v1/slots/${id(slotId)}/submissions`, undefined, signal),
};

export const submissionApi = {
  details: (api: ApiClient, slotId: number, submissionId: number, signal?: AbortSignal) =>
    api.get<SubmissionDetails>(`/v2/slots/${id(slotId)}/submissions/${id(submissionId)}`, { includeDelivery: 'true' }, signal),
  statuses: (api: ApiClient, slotId: number, submissionId: number, signal?: AbortSignal) =>
    api.get<{ statuses: StatusEvent[] }>(`/slots/${id(slotId)}/submissions/${id(submissionId)}/status`, undefined, signal),
  metrics: (api: ApiClient, slotId: number, submissionId: number, signal?: AbortSignal) =>
    api.get<{ slotSubmissionMetrics: MetricRecord[] }>(`/slots/${id(slotId)}/submissions/${id(submissionId)}/metrics`, undefined, signal),
  quality: (api: ApiClient, slotId: number, submissionId: number, signal?: AbortSignal) =>
    api.get<{ collections: QualityCollection[] }>(`/v2/slots/${id(slotId)}/submissions/${id(submissionId)}/quality`, undefined, signal),
  runEnvironments: (api: ApiClient, slotId: number, submissionId: number, signal?: AbortSignal) =>
    api.get<{ runEnvironments: RunEnvironment[] }>(`/slots/${id(slotId)}/submissions/${id(submissionId)}/runenvironment`, undefined, signal),
};

export const alertsApi = {
  alerts: (api: ApiClient, query: Query, signal?: AbortSignal) => api.get<AlertsPage>('/lucots/v1/alerts', query, signal),
  rules: (api: ApiClient, signal?: AbortSignal) => api.get<{ rules: AlertRule[] }>('/lucots/v1/alert-rules', undefined, signal),
  channels: (api: ApiClient, signal?: AbortSignal) => api.get<{ channels: AlertChannel[] }>('/lucots/v1/alert-channels', undefined, signal),
};
