export { LucoApi } from './client.js';
export type { WithSubmissionParams } from './client.js';
export type { CreateSubmissionOptions } from './resources/submissions.js';
export type { FindSlotOptions } from './resources/slots.js';
export type { WaitForSlotOptions } from './resources/gate.js';
export type { LucoApiOptions } from './options/options.js';
export { Submission } from './resources/submission.js';
export type { QualitySubmissionResult, SubmitQualityOptions } from './resources/submission.js';
export type { QualityInput } from './resources/quality-submission.js';
export { validateMetrics, type MetricsInput } from './resources/metrics.js';

export * from './core/errors.js';
export type { RequestOptions } from './core/request-options.js';
export type { Logger, LogLevel } from './core/log.js';
export type { Page, PagedList } from './core/pagination.js';
export type { FetchLike } from './core/transport.js';
export { REDACTED, Redactor } from './core/redact.js';
export type { IdempotencySupport } from './core/idempotency.js';
export { IDEMPOTENCY_CAPABILITY_HEADER } from './core/idempotency.js';
export type { BackoffPolicy } from './core/retry.js';

export type { AccessToken, AzureTokenCredential, GeneratedToken, LucoIdentity } from './auth/types.js';

export * from './quality/index.js';
export { detectRunEnvironment } from './run-environment/index.js';
export type { RunEnvironment } from './run-environment/index.js';

export type * from './types/slot-sequence.js';
export type * from './types/submission.js';
export type * from './types/metrics.js';
export type * from './types/search.js';
export type * from './types/import-export.js';
export type * from './types/slot-sequence-plan.js';
export type * from './types/overview.js';
export type * from './types/alerts.js';
export type * from './types/gate.js';
export type * from './types/metric-history.js';
export type * from './types/metric-rules.js';
export type { MetricRules } from './resources/metric-rules.js';
export type { Alerts, AlertChannels, AlertRules } from './resources/alerts.js';

export * from './delivery/index.js';

export { SDK_VERSION } from './version.js';
