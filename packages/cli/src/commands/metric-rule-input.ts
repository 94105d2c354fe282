import type { MetricRuleAction, MetricRuleInput, MetricRuleKind } from '@lucots/sdk';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { readJsonInput } from '../io/input.js';
import { parseSequenceName } from '../parse/sequence-name.js';

/** The flags of `luco metrics rules create|dry-run` that make a rule body. */
export interface MetricRuleFlags {
  file?: string;
  name?: string;
  sequence?: string;
  metric?: string;
  stage?: string;
  kind?: MetricRuleKind;
  action?: MetricRuleAction;
  disable?: boolean;
  min?: number;
  max?: number;
  maxRise?: number;
  maxFall?: number;
  maxRiseAbs?: number;
  maxFallAbs?: number;
  weeks?: number;
  k?: number;
  minHistory?: number;
  minSpreadRatio?: number;
  minSpread?: number;
}

/** A number flag: any finite decimal (`0.5`, `-3`, `1e6`). */
export function numberFlag(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`expected a number, got ${JSON.stringify(value)}`);
  return number;
}

/**
 * A rule body from a `-f` JSON file (the API body; a saved `rules show --json` works too) and the
 * flags given, each replacing its field. The server checks the rest (which settings fit the kind,
 * min above max, ...) and names the field.
 */
export async function metricRuleInput(ctx: Context, flags: MetricRuleFlags): Promise<MetricRuleInput> {
  const base = flags.file !== undefined ? await fileBody(ctx, flags.file) : {};
  const rule: Record<string, unknown> = { ...base };
  const set = (field: string, value: unknown) => {
    if (value !== undefined) rule[field] = value;
  };
  set('name', flags.name);
  set('metric', flags.metric);
  set('stage', flags.stage);
  set('kind', flags.kind);
  set('action', flags.action);
  if (flags.disable) rule.enabled = false;
  if (flags.sequence !== undefined) rule.filter = { ...(rule.filter as object | undefined), name: parseSequenceName(flags.sequence, '--sequence').map(([key, value]) => ({ key, value })) };
  set('min', flags.min);
  set('max', flags.max);
  set('maxRise', flags.maxRise);
  set('maxFall', flags.maxFall);
  set('maxRiseAbsolute', flags.maxRiseAbs);
  set('maxFallAbsolute', flags.maxFallAbs);
  set('weeks', flags.weeks);
  set('k', flags.k);
  set('minHistory', flags.minHistory);
  set('minSpreadRatio', flags.minSpreadRatio);
  set('minSpread', flags.minSpread);
  for (const [field, flag] of [['name', '--name'], ['metric', '--metric'], ['kind', '--kind']] as const) {
    if (rule[field] === undefined) throw new UsageError(`${flag} is required, or give the rule as JSON with -f`);
  }
  return rule as unknown as MetricRuleInput;
}

async function fileBody(ctx: Context, path: string): Promise<Record<string, unknown>> {
  const body = await readJsonInput(path, ctx.stdin);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UsageError(`${path === '-' ? 'stdin' : path}: expected a rule object { "name": ..., "metric": ..., "kind": ..., ... }`);
  const { ruleId: _id, createdOn: _created, updatedOn: _updated, ...rule } = body as Record<string, unknown>;
  return rule;
}
