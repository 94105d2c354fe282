import { Type, type Static } from '@fastify/type-provider-typebox';
import { METRIC_VERDICTS } from '../domain/metric-rules/judge.js';
import { MAX_SEASONAL_WEEKS, METRIC_RULE_ACTIONS, METRIC_RULE_KINDS, SEASONAL_DEFAULTS } from '../domain/metric-rules/rule.js';
import { DisplayName, Instant, orNull, stringEnum } from './alerts-common.js';
import { SequenceFilterSchema, SequenceFilterView } from './alerts-rules.js';
import { idSchema } from './common.js';

export const METRIC_RULES_TAG = 'metric rules (LucoTS extension)';

export const MetricRuleIdParams = Type.Object({ ruleId: idSchema('The metric rule id') });

const optionalNumber = (description: string) => Type.Optional(orNull(Type.Number({ description })));

/** The fields of every kind; the service checks which apply to the rule's kind. */
const ruleFields = {
  name: DisplayName('rule'),
  enabled: Type.Optional(Type.Boolean({ default: true, description: 'A disabled rule judges nothing (default true)' })),
  filter: Type.Optional(SequenceFilterSchema),
  metric: Type.String({ minLength: 1, maxLength: 200, description: 'The metric name, as recorded (exact)' }),
  stage: Type.Optional(orNull(Type.String({ minLength: 1, maxLength: 200, description: 'The stage the metric is recorded under (exact); null or left out: recorded without a stage' }))),
  action: Type.Optional(stringEnum(METRIC_RULE_ACTIONS, 'What a violation means: Failed (default: a failed quality check, health QualityFailed) or Cancelled (a demand to stop, health QualityCancelled)')),
  kind: stringEnum(METRIC_RULE_KINDS, 'bounds: fixed limits; change: against the previous slot; seasonal: median and MAD of the same weekday'),
  min: optionalNumber('bounds: the smallest allowed value (inclusive)'),
  max: optionalNumber('bounds: the largest allowed value (inclusive)'),
  maxRise: optionalNumber('change: the largest rise as a fraction of |previous| (0.5 = 50 %)'),
  maxFall: optionalNumber('change: the largest fall as a fraction of |previous| (1 = down to 0)'),
  maxRiseAbsolute: optionalNumber('change: the largest rise in the metric\'s unit'),
  maxFallAbsolute: optionalNumber('change: the largest fall in the metric\'s unit'),
  weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEASONAL_WEEKS, description: `seasonal: how many weeks back the same weekday is looked at, 1 to ${MAX_SEASONAL_WEEKS} (default ${SEASONAL_DEFAULTS.weeks})` })),
  k: Type.Optional(Type.Number({ description: `seasonal: the band's half-width in robust standard deviations, > 0 (default ${SEASONAL_DEFAULTS.k})` })),
  minHistory: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SEASONAL_WEEKS, description: `seasonal: the fewest points it judges with, 1 to weeks (default ${SEASONAL_DEFAULTS.minHistory}); fewer: insufficient_history` })),
  minSpreadRatio: Type.Optional(Type.Number({ description: `seasonal: the spread's floor as a fraction of |median|, >= 0 (default ${SEASONAL_DEFAULTS.minSpreadRatio})` })),
  minSpread: Type.Optional(Type.Number({ description: `seasonal: the spread's floor in the metric's unit, >= 0 (default ${SEASONAL_DEFAULTS.minSpread})` })),
};

export const MetricRuleBody = Type.Object(ruleFields, { additionalProperties: false });
export type MetricRuleBodyInput = Static<typeof MetricRuleBody>;

const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const MetricRuleView = Type.Object(
  {
    ruleId: Type.Integer(),
    name: Type.String(),
    enabled: Type.Boolean(),
    filter: SequenceFilterView,
    metric: Type.String(),
    stage: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    kind: Type.String(),
    min: Type.Optional(nullableNumber),
    max: Type.Optional(nullableNumber),
    maxRise: Type.Optional(nullableNumber),
    maxFall: Type.Optional(nullableNumber),
    maxRiseAbsolute: Type.Optional(nullableNumber),
    maxFallAbsolute: Type.Optional(nullableNumber),
    weeks: Type.Optional(Type.Integer()),
    k: Type.Optional(Type.Number()),
    minHistory: Type.Optional(Type.Integer()),
    minSpreadRatio: Type.Optional(Type.Number()),
    minSpread: Type.Optional(Type.Number()),
    createdOn: Instant('When the rule was created'),
    updatedOn: Instant('When the rule last changed'),
  },
  { $id: 'MetricRule', description: 'A rule as stored: the kind\'s settings with their defaults filled in' },
);

export const MetricRuleList = Type.Object({ rules: Type.Array(MetricRuleView, { description: 'Every rule, by id' }) }, { $id: 'MetricRuleList' });

export const MetricVerdictView = Type.Object(
  {
    verdictId: Type.Union([Type.Integer(), Type.Null()], { description: 'null in a dry run' }),
    ruleId: Type.Union([Type.Integer(), Type.Null()], { description: 'null in a dry run of a rule not stored' }),
    slotSequenceId: Type.Integer(),
    slotId: Type.Integer(),
    slotSubmissionId: Type.Union([Type.Integer(), Type.Null()]),
    metric: Type.String(),
    stage: Type.Union([Type.String(), Type.Null()]),
    value: Type.Number(),
    lower: Type.Union([Type.Number(), Type.Null()], { description: 'The band\'s lower end (inclusive); null: unbounded, or no band (insufficient history)' }),
    upper: Type.Union([Type.Number(), Type.Null()], { description: 'The band\'s upper end (inclusive); null: unbounded, or no band' }),
    center: Type.Union([Type.Number(), Type.Null()], { description: 'The previous value (change), the median (seasonal); null for bounds' }),
    verdict: stringEnum(METRIC_VERDICTS, 'passed, violated or insufficient_history'),
    historySize: Type.Integer({ description: 'How many earlier points it was judged against' }),
    slotTime: Instant('The slot\'s time: its expectedBy, else its creation'),
    evaluatedOn: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When it was recorded; null in a dry run' }),
  },
  { $id: 'MetricVerdict' },
);

export const MetricVerdictQuery = Type.Object(
  {
    ruleId: Type.Optional(idSchema('Verdicts of this rule')),
    slotId: Type.Optional(idSchema('Verdicts on this slot')),
    slotSubmissionId: Type.Optional(idSchema('Verdicts on this submission')),
    verdict: Type.Optional(stringEnum(METRIC_VERDICTS, 'Only this verdict')),
    beforeId: Type.Optional(idSchema('Verdicts older than this verdict id (the next page)')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'At most this many, newest first (1 to 1000, default 100)' })),
  },
  { additionalProperties: false },
);

export const MetricVerdictList = Type.Object({ verdicts: Type.Array(MetricVerdictView, { description: 'Newest first' }) }, { $id: 'MetricVerdictList' });

const rangeFields = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Judge slots at or after this time (slot time: expectedBy, else creation); default: every slot' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Judge slots at or before this time; default: every slot' })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000, default: 500, description: 'At most this many verdicts in the answer, newest first (0 to 5000, default 500); the counts cover every slot' })),
};

export const DryRunBody = Type.Object({ rule: MetricRuleBody, ...rangeFields }, { additionalProperties: false });
export type DryRunBodyInput = Static<typeof DryRunBody>;
export const DryRunQuery = Type.Object(rangeFields, { additionalProperties: false });

export const DryRunAnswer = Type.Object(
  {
    sequences: Type.Integer({ description: 'How many sequences the filter matched (at most 100 are replayed)' }),
    judged: Type.Integer({ description: 'Slots with a value of the metric that were judged' }),
    passed: Type.Integer(),
    violated: Type.Integer({ description: 'How often the rule would have fired' }),
    insufficientHistory: Type.Integer(),
    verdicts: Type.Array(MetricVerdictView, { description: 'The verdicts, newest first, at most `limit`' }),
  },
  { $id: 'MetricRuleDryRun' },
);
