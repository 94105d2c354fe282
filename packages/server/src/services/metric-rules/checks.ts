import type { Judgement } from '../../domain/metric-rules/judge.js';
import type { JudgedRule } from '../../domain/metric-rules/rule.js';

/** The tool of the quality collection that shows metric rule verdicts. */
export const ANOMALY_TOOL = 'lucots-anomaly';

export interface RuleCheck {
  [field: string]: unknown;
  check: string;
  success: boolean;
}

/**
 * A verdict as a v2 quality check. `check` says the metric, the value and the band, so alert
 * messages (which list failed checks by it) and LucoPy readers see them; `checkArgs` and
 * `observed` hold the same as fields. `onFail.Action` is `fail` for a rule whose action is
 * Cancelled (a demand to stop, as LucoPy reads it), else `warn`. Insufficient history passes.
 */
export function ruleCheck(rule: JudgedRule, judgement: Judgement): RuleCheck {
  const subject = `${rule.metric}${rule.stage === null ? '' : ` (stage ${rule.stage})`} = ${formatNumber(judgement.value)}`;
  const what = `[${rule.settings.kind} rule ${JSON.stringify(rule.name)}]`;
  let check: string;
  switch (judgement.verdict) {
    case 'insufficient_history':
      check = `${subject}, not judged: too little history (${judgement.historySize} earlier points) ${what}`;
      break;
    default:
      check = `${subject}, expected ${band(judgement)} ${what}`;
  }
  return {
    check,
    success: judgement.verdict !== 'violated',
    checkArgs: { rule: rule.name, ruleId: String(rule.id ?? ''), kind: rule.settings.kind, metric: rule.metric, stage: rule.stage ?? '' },
    observed: { value: judgement.value, lower: judgement.lower, upper: judgement.upper, center: judgement.center, verdict: judgement.verdict, historySize: judgement.historySize },
    onFail: { Action: rule.action === 'Cancelled' ? 'fail' : 'warn' },
    tags: ['anomaly'],
  };
}

/** `900000 to 1100000`, `at least 10`, `at most 5`. */
export function band(judgement: Pick<Judgement, 'lower' | 'upper'>): string {
  const { lower, upper } = judgement;
  if (lower !== null && upper !== null) return `${formatNumber(lower)} to ${formatNumber(upper)}`;
  if (lower !== null) return `at least ${formatNumber(lower)}`;
  if (upper !== null) return `at most ${formatNumber(upper)}`;
  return 'any value';
}

/** Six significant digits at most, so a computed band reads as a number, not a float's noise. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
