import { InputError, type FieldProblem } from '../../wire/input-error.js';
import { EVENT_TYPES, type EventType, type Facets, type LineageDataset, type ParsedEvent } from './event.js';

/**
 * Checks an OpenLineage event against the parts of the spec the ingest relies on: the RunEvent's
 * required fields and their types (OpenLineage.json 2-0-2), and the facets it maps (nominalTime,
 * parent, errorMessage, processing_engine, outputStatistics, dataQualityMetrics,
 * dataQualityAssertions). Problems name the JSON pointer of the field (`/run/runId`). Facets the
 * ingest does not read are kept as sent, unchecked; the `_producer`/`_schemaURL` of a facet are
 * not required (some producers leave them out and nothing here depends on them).
 */
export function parseLineageEvent(body: unknown, at = ''): ParsedEvent {
  const problems: FieldProblem[] = [];
  if (!isObject(body)) throw InputError.of(at || '/', 'must be an OpenLineage event: a JSON object');
  requireString(body, 'eventTime', at, problems, 'date-time');
  requireString(body, 'producer', at, problems);
  requireString(body, 'schemaURL', at, problems);
  if (body.run === undefined || body.run === null) {
    const eventKind = body.dataset !== undefined || /DatasetEvent/.test(String(body.schemaURL)) ? 'DatasetEvent' : isObject(body.job) ? 'JobEvent' : undefined;
    if (!eventKind) problems.push({ field: `${at}/run`, message: 'is required: a RunEvent has a run (a DatasetEvent has a dataset, a JobEvent a job)' });
    if (problems.length > 0 || !eventKind) throw new InputError(problems);
    return { kind: 'ignored', eventKind, reason: `${eventKind}s carry no run: nothing to record in Luco (it only maps runs to submissions)` };
  }
  const run = objectAt(body, 'run', at, problems);
  const job = objectAt(body, 'job', at, problems);
  if (run) requireString(run, 'runId', `${at}/run`, problems, 'uuid');
  if (job) {
    requireString(job, 'namespace', `${at}/job`, problems);
    requireString(job, 'name', `${at}/job`, problems);
  }
  let eventType: EventType = 'OTHER';
  if (body.eventType !== undefined && body.eventType !== null) {
    if (typeof body.eventType === 'string' && (EVENT_TYPES as readonly string[]).includes(body.eventType)) eventType = body.eventType as EventType;
    else problems.push({ field: `${at}/eventType`, message: `must be one of ${EVENT_TYPES.join(', ')}, got ${JSON.stringify(body.eventType)}` });
  }
  const runFacets = facetsAt(run, 'facets', `${at}/run`, problems);
  const jobFacets = facetsAt(job, 'facets', `${at}/job`, problems);
  const inputs = datasetsAt(body, 'inputs', 'inputFacets', at, problems);
  const outputs = datasetsAt(body, 'outputs', 'outputFacets', at, problems);

  const facetPath = `${at}/run/facets`;
  const nominal = runFacets.nominalTime;
  if (nominal) requireString(nominal, 'nominalStartTime', `${facetPath}/nominalTime`, problems, 'date-time');
  const parent = runFacets.parent;
  if (parent) {
    const parentRun = objectAt(parent, 'run', `${facetPath}/parent`, problems);
    const parentJob = objectAt(parent, 'job', `${facetPath}/parent`, problems);
    if (parentRun) requireString(parentRun, 'runId', `${facetPath}/parent/run`, problems, 'uuid');
    if (parentJob) {
      requireString(parentJob, 'namespace', `${facetPath}/parent/job`, problems);
      requireString(parentJob, 'name', `${facetPath}/parent/job`, problems);
    }
  }
  const error = runFacets.errorMessage;
  if (error) {
    requireString(error, 'message', `${facetPath}/errorMessage`, problems);
    requireString(error, 'programmingLanguage', `${facetPath}/errorMessage`, problems);
  }
  const engine = runFacets.processing_engine;
  if (engine) {
    requireString(engine, 'version', `${facetPath}/processing_engine`, problems);
    optionalString(engine, 'name', `${facetPath}/processing_engine`, problems);
  }
  checkDatasetFacets(inputs, outputs, at, problems);
  if (problems.length > 0) throw new InputError(problems);

  const parentRun = parent?.run as { runId: string } | undefined;
  const parentJob = parent?.job as { namespace: string; name: string } | undefined;
  return {
    kind: 'run',
    raw: body,
    event: {
      eventType,
      eventTime: Date.parse(body.eventTime as string),
      producer: body.producer as string,
      runId: (run as { runId: string }).runId.toLowerCase(),
      job: { namespace: (job as { namespace: string }).namespace, name: (job as { name: string }).name, facets: jobFacets },
      runFacets,
      inputs,
      outputs,
      nominalStartTime: nominal ? Date.parse(nominal.nominalStartTime as string) : undefined,
      parent: parentRun && parentJob ? { runId: parentRun.runId.toLowerCase(), job: { namespace: parentJob.namespace, name: parentJob.name } } : undefined,
      errorMessage: typeof error?.message === 'string' ? error.message : undefined,
    },
  };
}

function checkDatasetFacets(inputs: LineageDataset[], outputs: LineageDataset[], at: string, problems: FieldProblem[]): void {
  outputs.forEach((dataset, index) => {
    const stats = dataset.ioFacets.outputStatistics;
    const path = `${at}/outputs/${index}/outputFacets/outputStatistics`;
    if (stats) for (const field of ['rowCount', 'size', 'fileCount']) optionalInteger(stats, field, path, problems);
  });
  inputs.forEach((dataset, index) => {
    const base = `${at}/inputs/${index}/inputFacets`;
    const metrics = dataset.ioFacets.dataQualityMetrics;
    if (metrics) {
      for (const field of ['rowCount', 'bytes', 'fileCount']) optionalInteger(metrics, field, `${base}/dataQualityMetrics`, problems);
      const columns = metrics.columnMetrics;
      if (!isObject(columns)) problems.push({ field: `${base}/dataQualityMetrics/columnMetrics`, message: columns === undefined ? 'is required: an object keyed by column name' : 'must be an object keyed by column name' });
      else {
        for (const [column, values] of Object.entries(columns)) {
          const path = `${base}/dataQualityMetrics/columnMetrics/${pointerPart(column)}`;
          if (!isObject(values)) problems.push({ field: path, message: 'must be an object' });
          else {
            for (const field of ['nullCount', 'distinctCount']) optionalInteger(values, field, path, problems);
            for (const field of ['sum', 'count', 'min', 'max']) optionalNumber(values, field, path, problems);
          }
        }
      }
    }
    const assertions = dataset.ioFacets.dataQualityAssertions;
    if (assertions) {
      const path = `${base}/dataQualityAssertions/assertions`;
      if (!Array.isArray(assertions.assertions)) problems.push({ field: path, message: assertions.assertions === undefined ? 'is required: an array of {assertion, success}' : 'must be an array' });
      else
        assertions.assertions.forEach((item, position) => {
          const itemPath = `${path}/${position}`;
          if (!isObject(item)) {
            problems.push({ field: itemPath, message: 'must be an object {assertion, success}' });
            return;
          }
          requireString(item, 'assertion', itemPath, problems);
          if (typeof item.success !== 'boolean') problems.push({ field: `${itemPath}/success`, message: item.success === undefined ? 'is required: true or false' : 'must be true or false' });
          for (const field of ['column', 'severity', 'name', 'description']) optionalString(item, field, itemPath, problems);
        });
    }
  });
}

function datasetsAt(body: Record<string, unknown>, field: 'inputs' | 'outputs', ioField: string, at: string, problems: FieldProblem[]): LineageDataset[] {
  const list = body[field];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.push({ field: `${at}/${field}`, message: 'must be an array of datasets' });
    return [];
  }
  const out: LineageDataset[] = [];
  list.forEach((item, index) => {
    const path = `${at}/${field}/${index}`;
    if (!isObject(item)) {
      problems.push({ field: path, message: 'must be a dataset {namespace, name}' });
      return;
    }
    const okNamespace = requireString(item, 'namespace', path, problems);
    const okName = requireString(item, 'name', path, problems);
    const facets = facetsAt(item, 'facets', path, problems);
    const ioFacets = facetsAt(item, ioField, path, problems);
    if (okNamespace && okName) out.push({ namespace: item.namespace as string, name: item.name as string, facets, ioFacets });
  });
  return out;
}

/** A facets object: each facet an object (others are a problem); absent is none. */
function facetsAt(parent: Record<string, unknown> | undefined, field: string, at: string, problems: FieldProblem[]): Facets {
  const value = parent?.[field];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    problems.push({ field: `${at}/${field}`, message: 'must be an object of facets' });
    return {};
  }
  const facets: Facets = {};
  for (const [name, facet] of Object.entries(value)) {
    if (isObject(facet)) facets[name] = facet;
    else problems.push({ field: `${at}/${field}/${pointerPart(name)}`, message: 'must be a facet object' });
  }
  return facets;
}

function objectAt(parent: Record<string, unknown>, field: string, at: string, problems: FieldProblem[]): Record<string, unknown> | undefined {
  const value = parent[field];
  if (isObject(value)) return value;
  problems.push({ field: `${at}/${field}`, message: value === undefined || value === null ? 'is required' : 'must be an object' });
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function requireString(parent: Record<string, unknown>, field: string, at: string, problems: FieldProblem[], format?: 'uuid' | 'date-time'): boolean {
  const message = stringProblem(parent[field], format);
  if (message !== undefined) problems.push({ field: `${at}/${field}`, message });
  return message === undefined;
}

function stringProblem(value: unknown, format: 'uuid' | 'date-time' | undefined): string | undefined {
  if (value === undefined || value === null) return 'is required';
  if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty string';
  if (format === 'uuid' && !UUID.test(value)) return `must be a UUID, got ${JSON.stringify(value)}`;
  if (format === 'date-time' && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value)))) return `must be an ISO 8601 date-time with a time zone, got ${JSON.stringify(value)}`;
  return undefined;
}

function optionalString(parent: Record<string, unknown>, field: string, at: string, problems: FieldProblem[]): void {
  const value = parent[field];
  if (value !== undefined && value !== null && typeof value !== 'string') problems.push({ field: `${at}/${field}`, message: 'must be a string' });
}

function optionalInteger(parent: Record<string, unknown>, field: string, at: string, problems: FieldProblem[]): void {
  const value = parent[field];
  if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    problems.push({ field: `${at}/${field}`, message: `must be a whole number of at least 0, got ${JSON.stringify(value)}` });
  }
}

function optionalNumber(parent: Record<string, unknown>, field: string, at: string, problems: FieldProblem[]): void {
  const value = parent[field];
  if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isFinite(value))) problems.push({ field: `${at}/${field}`, message: `must be a number, got ${JSON.stringify(value)}` });
}

/** A JSON pointer reference token (RFC 6901): `~` and `/` escaped. */
function pointerPart(text: string): string {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
