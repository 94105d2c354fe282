import type { SubmissionStatus } from '../../storage/repositories/submissions.js';
import type { EventType, LineageDataset, RunEvent } from './event.js';

/**
 * Pure mapping of an OpenLineage RunEvent to what Luco records (docs/openlineage.md): the status,
 * the metrics by dataset, the quality collections and the run environment record.
 */

/** START, RUNNING, OTHER: In Progress; COMPLETE: Completed; FAIL and ABORT: Failed (Luco has no aborted status). */
export function statusOf(eventType: EventType): SubmissionStatus {
  if (eventType === 'COMPLETE') return 'Completed';
  if (eventType === 'FAIL' || eventType === 'ABORT') return 'Failed';
  return 'In Progress';
}

/** The status event's message: the errorMessage facet's for a FAIL, a fixed text for an ABORT. */
export function statusMessage(event: RunEvent): string | null {
  if (event.eventType === 'FAIL') return event.errorMessage ?? 'The run failed (OpenLineage FAIL, no errorMessage facet)';
  if (event.eventType === 'ABORT') return event.errorMessage ?? 'The run was aborted (OpenLineage ABORT)';
  return null;
}

/**
 * A child run's stage in its parent's submission: its job name without the parent's job name and
 * a dot in front (Airflow's `dag.task` becomes `task`), else the whole job name.
 */
export function childStageName(childJob: string, parentJob: string): string {
  const prefix = `${parentJob}.`;
  return childJob.startsWith(prefix) && childJob.length > prefix.length ? childJob.slice(prefix.length) : childJob;
}

export interface MetricEntry {
  metric: string;
  value: number;
}

/**
 * Metrics named `<dataset name>:<figure>`: an output's outputStatistics (`rowCount`, `size`,
 * `fileCount`) and an input's dataQualityMetrics (`rowCount`, `bytes`, `fileCount`, and per column
 * `<column>.nullCount`, `.distinctCount`, `.sum`, `.count`, `.min`, `.max`, `.quantile.<q>`).
 */
export function metricsOf(event: RunEvent): MetricEntry[] {
  const out: MetricEntry[] = [];
  const add = (dataset: LineageDataset, figure: string, value: unknown) => {
    if (typeof value === 'number' && Number.isFinite(value)) out.push({ metric: `${dataset.name}:${figure}`, value });
  };
  for (const dataset of event.outputs) {
    const stats = dataset.ioFacets.outputStatistics;
    if (stats) for (const figure of ['rowCount', 'size', 'fileCount']) add(dataset, figure, stats[figure]);
  }
  for (const dataset of event.inputs) {
    const metrics = dataset.ioFacets.dataQualityMetrics;
    if (!metrics) continue;
    for (const figure of ['rowCount', 'bytes', 'fileCount']) add(dataset, figure, metrics[figure]);
    for (const [column, values] of Object.entries((metrics.columnMetrics ?? {}) as Record<string, Record<string, unknown>>)) {
      for (const figure of ['nullCount', 'distinctCount', 'sum', 'count', 'min', 'max']) add(dataset, `${column}.${figure}`, values[figure]);
      if (isObject(values.quantiles)) for (const [quantile, value] of Object.entries(values.quantiles)) add(dataset, `${column}.quantile.${quantile}`, value);
    }
  }
  return out;
}

/**
 * One v2 quality collection per dataset with dataQualityAssertions (an input facet in the spec; an
 * output's or a dataset facet's are read too): a check per assertion, named by its `name`, else
 * its `assertion` and column. A failed assertion of severity `error` asks to stop (onFail action
 * `fail`), so the collection's action is Cancelled, as dbt stops on such a test.
 */
export function qualityCollectionsOf(event: RunEvent): Array<Record<string, unknown>> {
  const collections: Array<Record<string, unknown>> = [];
  for (const dataset of [...event.inputs, ...event.outputs]) {
    const facet = dataset.ioFacets.dataQualityAssertions ?? dataset.facets.dataQualityAssertions;
    const assertions = Array.isArray(facet?.assertions) ? (facet.assertions as Array<Record<string, unknown>>) : [];
    if (assertions.length === 0) continue;
    collections.push({
      name: `${dataset.namespace}/${dataset.name}`,
      dataSet: dataset.name,
      tool: toolOf(event),
      checks: assertions.map((assertion) => checkOf(assertion)),
    });
  }
  return collections;
}

function checkOf(assertion: Record<string, unknown>): Record<string, unknown> {
  const column = typeof assertion.column === 'string' && assertion.column !== '' ? assertion.column : undefined;
  const name = typeof assertion.name === 'string' && assertion.name !== '' ? assertion.name : `${assertion.assertion as string}${column ? `(${column})` : ''}`;
  const checkArgs: Record<string, unknown> = { assertion: assertion.assertion };
  for (const field of ['column', 'expected', 'params', 'description']) if (assertion[field] !== undefined) checkArgs[field] = assertion[field];
  const severity = typeof assertion.severity === 'string' ? assertion.severity.toLowerCase() : undefined;
  return {
    check: name,
    success: assertion.success,
    ...(assertion.actual !== undefined ? { observed: assertion.actual } : {}),
    checkArgs,
    ...(severity !== undefined ? { onFail: { action: severity === 'error' ? 'fail' : 'warn', severity: assertion.severity } } : {}),
  };
}

/** The integration (jobType facet), else the processing engine's name, else `OpenLineage`. */
function toolOf(event: RunEvent): string {
  const integration = event.job.facets.jobType?.integration;
  if (typeof integration === 'string' && integration !== '') return integration;
  const engine = event.runFacets.processing_engine?.name;
  return typeof engine === 'string' && engine !== '' ? engine : 'OpenLineage';
}

/**
 * The run environment record: `platform` (the processing engine's name, else the integration),
 * the engine and adapter versions, the job type, the parent and root runs, the source code
 * location (its `url` is also the `referenceUrl`), and the OpenLineage run, job and producer.
 */
/** The facets that make a run environment record (docs/openlineage.md). */
const ENVIRONMENT_FACETS = ['processing_engine', 'parent'] as const;
const ENVIRONMENT_JOB_FACETS = ['jobType', 'sourceCodeLocation'] as const;

/** Whether the event carries what makes its run's environment record. */
export function carriesEnvironment(event: RunEvent): boolean {
  return ENVIRONMENT_FACETS.some((name) => event.runFacets[name]) || ENVIRONMENT_JOB_FACETS.some((name) => event.job.facets[name]);
}

export function runEnvironmentOf(event: RunEvent): Record<string, unknown> {
  const engine = event.runFacets.processing_engine ?? {};
  const jobType = event.job.facets.jobType ?? {};
  const source = event.job.facets.sourceCodeLocation ?? {};
  const parent = event.runFacets.parent;
  const record: Record<string, unknown> = {
    platform: text(engine.name) ?? text(jobType.integration) ?? 'OpenLineage',
    engineVersion: text(engine.version),
    openLineageAdapterVersion: text(engine.openlineageAdapterVersion),
    integration: text(jobType.integration),
    jobType: text(jobType.jobType),
    processingType: text(jobType.processingType),
    parentJob: event.parent ? `${event.parent.job.namespace}/${event.parent.job.name}` : undefined,
    parentRunId: event.parent?.runId,
    rootRunId: isObject(parent?.root) && isObject(parent.root.run) ? text(parent.root.run.runId) : undefined,
    referenceUrl: text(source.url),
    sourceCodeUrl: text(source.url),
    repoUrl: text(source.repoUrl),
    sourceVersion: text(source.version),
    openLineageJob: `${event.job.namespace}/${event.job.name}`,
    openLineageRunId: event.runId,
    openLineageProducer: event.producer,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
