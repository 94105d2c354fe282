import { parseConfigName } from '../../domain/slot-sequence-config-name.js';
import type { NamePart } from '../../wire/names.js';

/** What a child run (one with a `parent` facet) becomes. */
export type ChildRunMapping = 'stages' | 'submissions';

/** A rule for some jobs: the first rule whose namespace and job match applies. */
export interface JobRule {
  /** Exact namespace; absent: any. */
  namespace?: string | undefined;
  /** Exact job name, or a prefix ending in `*`; absent: any. */
  job?: string | undefined;
  /** The sequence's name, a template: `{namespace}` and `{job}` are replaced. */
  sequence?: NamePart[] | undefined;
  childRuns?: ChildRunMapping | undefined;
}

/** The server's OpenLineage mapping (docs/openlineage.md); `luco-server serve --openlineage-config <file>`. */
export interface OpenLineageSettings {
  /** A job whose sequence does not exist gets an unscheduled one (else its events are refused, 422). */
  createSequences: boolean;
  /** The sequence name of a job no rule names, as a template. */
  sequenceName: NamePart[];
  childRuns: ChildRunMapping;
  /**
   * Before the name: an active sequence whose parameters hold a group `openlineage` with
   * `namespace` and `job` equal to the job's is the job's sequence, whatever its name.
   */
  matchParameters: boolean;
  jobs: JobRule[];
}

export const DEFAULT_OPENLINEAGE_SETTINGS: OpenLineageSettings = {
  createSequences: false,
  sequenceName: [
    { key: 'namespace', value: '{namespace}' },
    { key: 'job', value: '{job}' },
  ],
  childRuns: 'stages',
  matchParameters: false,
  jobs: [],
};

const KNOWN_FIELDS = new Set(['createSequences', 'sequenceName', 'childRuns', 'matchParameters', 'jobs']);
const RULE_FIELDS = new Set(['namespace', 'job', 'sequence', 'childRuns']);

/** Reads a mapping file's JSON; every problem is listed with its field, none is guessed around. */
export function parseOpenLineageSettings(value: unknown, base: OpenLineageSettings = DEFAULT_OPENLINEAGE_SETTINGS): OpenLineageSettings {
  const errors: string[] = [];
  if (!isObject(value)) throw new Error('The OpenLineage mapping must be a JSON object');
  for (const key of Object.keys(value)) if (!KNOWN_FIELDS.has(key)) errors.push(`${key}: is not a setting (known: ${[...KNOWN_FIELDS].join(', ')})`);
  const settings: OpenLineageSettings = { ...base, jobs: [...base.jobs] };
  if (value.createSequences !== undefined) {
    if (typeof value.createSequences === 'boolean') settings.createSequences = value.createSequences;
    else errors.push('createSequences: must be true or false');
  }
  if (value.matchParameters !== undefined) {
    if (typeof value.matchParameters === 'boolean') settings.matchParameters = value.matchParameters;
    else errors.push('matchParameters: must be true or false');
  }
  if (value.childRuns !== undefined) {
    const mapping = childRuns(value.childRuns, 'childRuns', errors);
    if (mapping) settings.childRuns = mapping;
  }
  if (value.sequenceName !== undefined) {
    const name = nameTemplate(value.sequenceName, 'sequenceName', errors);
    if (name) settings.sequenceName = name;
  }
  if (value.jobs !== undefined) {
    if (!Array.isArray(value.jobs)) errors.push('jobs: must be a list of rules {namespace, job, sequence, childRuns}');
    else settings.jobs = value.jobs.map((rule, index) => jobRule(rule, `jobs[${index}]`, errors));
  }
  if (errors.length > 0) throw new Error(`The OpenLineage mapping has problems: ${errors.join('; ')}`);
  return settings;
}

function jobRule(value: unknown, path: string, errors: string[]): JobRule {
  if (!isObject(value)) {
    errors.push(`${path}: must be an object {namespace, job, sequence, childRuns}`);
    return {};
  }
  for (const key of Object.keys(value)) if (!RULE_FIELDS.has(key)) errors.push(`${path}.${key}: is not a rule field (known: ${[...RULE_FIELDS].join(', ')})`);
  const rule: JobRule = {};
  for (const field of ['namespace', 'job'] as const) {
    const text = value[field];
    if (text === undefined) continue;
    if (typeof text === 'string' && text !== '') rule[field] = text;
    else errors.push(`${path}.${field}: must be a non-empty string`);
  }
  if (value.sequence !== undefined) rule.sequence = nameTemplate(value.sequence, `${path}.sequence`, errors);
  if (value.childRuns !== undefined) rule.childRuns = childRuns(value.childRuns, `${path}.childRuns`, errors);
  return rule;
}

function nameTemplate(value: unknown, path: string, errors: string[]): NamePart[] | undefined {
  const parsed = parseConfigName(value, path);
  if ('errors' in parsed) {
    errors.push(...parsed.errors.map((error) => `${error.field}: ${error.message}`));
    return undefined;
  }
  return parsed.name;
}

function childRuns(value: unknown, path: string, errors: string[]): ChildRunMapping | undefined {
  if (value === 'stages' || value === 'submissions') return value;
  errors.push(`${path}: must be "stages" or "submissions"`);
  return undefined;
}

/** The first rule for the job, if any. */
export function ruleFor(settings: OpenLineageSettings, namespace: string, job: string): JobRule | undefined {
  return settings.jobs.find((rule) => (rule.namespace === undefined || rule.namespace === namespace) && (rule.job === undefined || jobMatches(rule.job, job)));
}

function jobMatches(pattern: string, job: string): boolean {
  return pattern.endsWith('*') ? job.startsWith(pattern.slice(0, -1)) : pattern === job;
}

/** The sequence name a template gives a job. */
export function applyNameTemplate(template: readonly NamePart[], namespace: string, job: string): NamePart[] {
  const fill = (text: string) => text.replace(/\{namespace\}/g, namespace).replace(/\{job\}/g, job);
  return template.map((part) => ({ key: fill(part.key), value: fill(part.value) }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
