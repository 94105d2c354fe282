import { MAX_SEASONAL_WEEKS, SEASONAL_DEFAULTS, type MetricRuleSettings, type NewMetricRule } from '../../domain/metric-rules/rule.js';
import type { MetricRuleBodyInput } from '../../schemas/metric-rules.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';
import { displayNameProblem } from '../alerts/display-name.js';

const BOUNDS_FIELDS = ['min', 'max'] as const;
const CHANGE_FIELDS = ['maxRise', 'maxFall', 'maxRiseAbsolute', 'maxFallAbsolute'] as const;
const SEASONAL_FIELDS = ['weeks', 'k', 'minHistory', 'minSpreadRatio', 'minSpread'] as const;
const FIELDS_OF = { bounds: BOUNDS_FIELDS, change: CHANGE_FIELDS, seasonal: SEASONAL_FIELDS } as const;

/**
 * A metric rule body as the rule to store, with defaults for what it leaves out (enabled, every
 * sequence, no stage, action Failed, the seasonal defaults). Every problem at once, each naming
 * its field: a setting of another kind, a kind without a limit, min above max, negative limits,
 * k not above 0, minHistory above weeks, a blank metric or stage.
 */
export function readMetricRuleInput(body: MetricRuleBodyInput, at = ''): NewMetricRule {
  const field = (name: string) => (at === '' ? name : `${at}.${name}`);
  const problems: FieldProblem[] = [];
  const nameProblem = displayNameProblem(body.name);
  if (nameProblem) problems.push({ field: field('name'), message: nameProblem });
  if (body.metric.trim() === '') problems.push({ field: field('metric'), message: 'must not be blank' });
  if (typeof body.stage === 'string' && body.stage.trim() === '') problems.push({ field: field('stage'), message: 'must not be blank (leave it out, or null, for metrics recorded without a stage)' });
  const filter = { name: (body.filter?.name ?? []).map((pattern) => ({ key: pattern.key, value: pattern.value })), types: [...(body.filter?.types ?? [])], cadences: [...(body.filter?.cadences ?? [])] };
  filter.name.forEach((pattern, index) => {
    if (pattern.key.trim() === '') problems.push({ field: field(`filter.name[${index}].key`), message: 'must not be blank' });
  });
  const kind = body.kind;
  for (const other of Object.keys(FIELDS_OF) as Array<keyof typeof FIELDS_OF>) {
    if (other === kind) continue;
    for (const name of FIELDS_OF[other]) {
      if (body[name] !== undefined) problems.push({ field: field(name), message: `is a setting of ${other} rules, not of ${kind} rules` });
    }
  }
  const settings = readSettings(body, field, problems);
  if (problems.length > 0) throw new InputError(problems);
  return {
    name: body.name,
    enabled: body.enabled ?? true,
    filter,
    metric: body.metric,
    stage: body.stage ?? null,
    action: body.action ?? 'Failed',
    settings,
  };
}

function readSettings(body: MetricRuleBodyInput, field: (name: string) => string, problems: FieldProblem[]): MetricRuleSettings {
  switch (body.kind) {
    case 'bounds': {
      const min = body.min ?? null;
      const max = body.max ?? null;
      if (min === null && max === null) problems.push({ field: field('min'), message: 'a bounds rule needs min, max or both' });
      if (min !== null && max !== null && min > max) problems.push({ field: field('min'), message: `must not be above max (${min} > ${max})` });
      return { kind: 'bounds', min, max };
    }
    case 'change': {
      const settings = { kind: 'change' as const, maxRise: body.maxRise ?? null, maxFall: body.maxFall ?? null, maxRiseAbsolute: body.maxRiseAbsolute ?? null, maxFallAbsolute: body.maxFallAbsolute ?? null };
      if (CHANGE_FIELDS.every((name) => settings[name] === null)) problems.push({ field: field('maxRise'), message: 'a change rule needs at least one of maxRise, maxFall, maxRiseAbsolute, maxFallAbsolute' });
      for (const name of CHANGE_FIELDS) {
        const value = settings[name];
        if (value !== null && value < 0) problems.push({ field: field(name), message: `must be 0 or more, got ${value}` });
      }
      return settings;
    }
    case 'seasonal': {
      const settings = {
        kind: 'seasonal' as const,
        weeks: body.weeks ?? SEASONAL_DEFAULTS.weeks,
        k: body.k ?? SEASONAL_DEFAULTS.k,
        minHistory: body.minHistory ?? SEASONAL_DEFAULTS.minHistory,
        minSpreadRatio: body.minSpreadRatio ?? SEASONAL_DEFAULTS.minSpreadRatio,
        minSpread: body.minSpread ?? SEASONAL_DEFAULTS.minSpread,
      };
      if (settings.weeks < 1 || settings.weeks > MAX_SEASONAL_WEEKS) problems.push({ field: field('weeks'), message: `must be 1 to ${MAX_SEASONAL_WEEKS}, got ${settings.weeks}` });
      if (!(settings.k > 0)) problems.push({ field: field('k'), message: `must be above 0, got ${settings.k}` });
      if (settings.minHistory < 1) problems.push({ field: field('minHistory'), message: `must be 1 or more, got ${settings.minHistory}` });
      else if (settings.minHistory > settings.weeks) problems.push({ field: field('minHistory'), message: `must not be above weeks (${settings.minHistory} > ${settings.weeks}): the rule could never judge` });
      if (settings.minSpreadRatio < 0) problems.push({ field: field('minSpreadRatio'), message: `must be 0 or more, got ${settings.minSpreadRatio}` });
      if (settings.minSpread < 0) problems.push({ field: field('minSpread'), message: `must be 0 or more, got ${settings.minSpread}` });
      return settings;
    }
  }
}
