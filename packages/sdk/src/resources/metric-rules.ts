/**
 * Metric anomaly rules and their verdicts: LucoTS-server extensions under `/lucots/v1/` (the
 * hosted Luco API does not have them). Behind `LucoApi.metricRules` and `LucoApi.metricVerdicts`.
 */
import { ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import type { RequestOptions } from '../core/request-options.js';
import { describe, id, isoInstant, nonEmptyString, nonNegativeInteger, oneOf, positiveInteger, wireJson } from '../core/validate.js';
import type { DryRunOptions, DryRunResult, MetricRule, MetricRuleInput, MetricVerdict, MetricVerdictFilters, MetricVerdictKind } from '../types/metric-rules.js';

const BASE = '/lucots/v1/metric-rules';
const KINDS = ['bounds', 'change', 'seasonal'] as const;
const VERDICTS: readonly MetricVerdictKind[] = ['passed', 'violated', 'insufficient_history'];

/** Metric rules (admin): judged when a submission completes; violations are failed quality checks. */
export class MetricRules {
  constructor(private readonly http: HttpClient) {}

  async list(options: RequestOptions = {}): Promise<MetricRule[]> {
    const { data } = await this.http.request<{ rules?: MetricRule[] }>({ method: 'GET', path: BASE, options });
    return data?.rules ?? [];
  }

  async get(ruleId: number, options: RequestOptions = {}): Promise<MetricRule> {
    const { data } = await this.http.request<MetricRule>({ method: 'GET', path: `${BASE}/${id('ruleId', ruleId)}`, options });
    return data;
  }

  async create(rule: MetricRuleInput, options: RequestOptions = {}): Promise<MetricRule> {
    const { data } = await this.http.request<MetricRule>({ method: 'POST', path: BASE, body: checkedRule(rule), options });
    return data;
  }

  /** Replaces the rule: what `rule` leaves out gets its default, as on create. */
  async update(ruleId: number, rule: MetricRuleInput, options: RequestOptions = {}): Promise<MetricRule> {
    const { data } = await this.http.request<MetricRule>({ method: 'PUT', path: `${BASE}/${id('ruleId', ruleId)}`, body: checkedRule(rule), options });
    return data;
  }

  /** Deletes the rule and its verdicts (disable it to keep them). */
  async delete(ruleId: number, options: RequestOptions = {}): Promise<void> {
    await this.http.request<void>({ method: 'DELETE', path: `${BASE}/${id('ruleId', ruleId)}`, options });
  }

  /**
   * Replays a rule over the stored history as live evaluation would have judged each slot, and
   * says how often it would have fired: a rule body (not stored), or a stored rule's id.
   */
  async dryRun(rule: MetricRuleInput | number, range: DryRunOptions = {}, options: RequestOptions = {}): Promise<DryRunResult> {
    const query = {
      from: range.from === undefined ? undefined : isoInstant('from', range.from),
      to: range.to === undefined ? undefined : isoInstant('to', range.to),
      limit: range.limit === undefined ? undefined : nonNegativeInteger('limit', range.limit),
    };
    if (typeof rule === 'number') {
      const { data } = await this.http.request<DryRunResult>({ method: 'GET', path: `${BASE}/${id('ruleId', rule)}/dry-run`, query, options });
      return data;
    }
    const body = { rule: checkedRule(rule), ...Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) };
    const { data } = await this.http.request<DryRunResult>({ method: 'POST', path: `${BASE}/dry-run`, body, options });
    return data;
  }
}

/** Stored verdicts, newest first (`beforeId` pages on). */
export async function readMetricVerdicts(http: HttpClient, filters: MetricVerdictFilters, options: RequestOptions = {}): Promise<MetricVerdict[]> {
  const query = {
    ruleId: filters.ruleId === undefined ? undefined : id('ruleId', filters.ruleId),
    slotId: filters.slotId === undefined ? undefined : id('slotId', filters.slotId),
    slotSubmissionId: filters.slotSubmissionId === undefined ? undefined : id('slotSubmissionId', filters.slotSubmissionId),
    verdict: filters.verdict === undefined ? undefined : oneOf('verdict', filters.verdict, VERDICTS),
    beforeId: filters.beforeId === undefined ? undefined : id('beforeId', filters.beforeId),
    limit: filters.limit === undefined ? undefined : positiveInteger('limit', filters.limit),
  };
  const { data } = await http.request<{ verdicts?: MetricVerdict[] }>({ method: 'GET', path: '/lucots/v1/metric-verdicts', query, options });
  return data?.verdicts ?? [];
}

function checkedRule(rule: MetricRuleInput): MetricRuleInput {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) throw new ValidationError('rule', `must be an object, got ${describe(rule)}`);
  nonEmptyString('rule.name', rule.name);
  nonEmptyString('rule.metric', rule.metric);
  oneOf('rule.kind', rule.kind, KINDS);
  wireJson('rule', rule);
  return rule;
}
