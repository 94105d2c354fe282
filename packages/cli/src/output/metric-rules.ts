import type { DryRunResult, MetricRule, MetricVerdict } from '@lucots/sdk';
import type { Colours } from './colour.js';
import { renderFields, renderTable } from './table.js';

const SETTINGS = ['min', 'max', 'maxRise', 'maxFall', 'maxRiseAbsolute', 'maxFallAbsolute', 'weeks', 'k', 'minHistory', 'minSpreadRatio', 'minSpread'] as const;

function sequencesText(rule: MetricRule): string {
  const parts = rule.filter.name.map((pattern) => `${pattern.key}=${pattern.value}`);
  return parts.length === 0 ? 'all' : parts.join(',');
}

/** `min=1 max=5`: the kind's settings that are set. */
function settingsText(rule: MetricRule): string {
  return SETTINGS.flatMap((field) => (rule[field] === undefined || rule[field] === null ? [] : [`${field}=${rule[field]}`])).join(' ');
}

export function metricRulesTable(rules: readonly MetricRule[], colours: Colours): string {
  return renderTable(
    [
      { header: 'id', value: (row) => row.ruleId, align: 'right' },
      { header: 'name', value: (row) => row.name },
      { header: 'enabled', value: (row) => (row.enabled ? 'yes' : 'no') },
      { header: 'sequences', value: sequencesText },
      { header: 'metric', value: (row) => `${row.metric}${row.stage === null ? '' : ` (${row.stage})`}` },
      { header: 'kind', value: (row) => row.kind },
      { header: 'settings', value: settingsText },
      { header: 'action', value: (row) => row.action },
    ],
    rules,
    colours,
  );
}

export function metricRuleText(rule: MetricRule, colours: Colours): string {
  return renderFields(
    [
      ['rule', rule.ruleId],
      ['name', rule.name],
      ['enabled', rule.enabled ? 'yes' : 'no'],
      ['sequences', sequencesText(rule)],
      ['metric', rule.metric],
      ['stage', rule.stage ?? 'none'],
      ['kind', rule.kind],
      ['settings', settingsText(rule)],
      ['action', rule.action],
      ['created', rule.createdOn],
      ['updated', rule.updatedOn],
    ],
    colours,
  );
}

function bandText(verdict: MetricVerdict): string {
  if (verdict.lower === null && verdict.upper === null) return '';
  return `${verdict.lower ?? '-inf'} .. ${verdict.upper ?? 'inf'}`;
}

export function verdictsTable(verdicts: readonly MetricVerdict[], colours: Colours): string {
  return renderTable(
    [
      { header: 'slot time', value: (row) => row.slotTime },
      { header: 'slot', value: (row) => row.slotId, align: 'right' },
      { header: 'submission', value: (row) => row.slotSubmissionId, align: 'right' },
      { header: 'value', value: (row) => row.value, align: 'right' },
      { header: 'expected', value: bandText },
      { header: 'history', value: (row) => row.historySize, align: 'right' },
      { header: 'verdict', value: (row) => row.verdict, style: (text, row) => (row.verdict === 'violated' ? colours.red(text) : text) },
    ],
    verdicts,
    colours,
  );
}

export function dryRunText(result: DryRunResult, colours: Colours): string {
  const summary = `${result.judged} slot${result.judged === 1 ? '' : 's'} judged in ${result.sequences} sequence${result.sequences === 1 ? '' : 's'}: ${result.violated} would have fired, ${result.passed} passed, ${result.insufficientHistory} with too little history\n`;
  return result.verdicts.length === 0 ? summary : `${verdictsTable(result.verdicts, colours)}\n${summary}`;
}
