import type { QualityCheck } from '../api/types';
import { entriesOf, formatValue, safeHttpUrl } from '../format/values';

/** One check as the submission page shows it. */
export interface CheckView {
  /** The check's text with its template variables (`$col1`) filled in from its arguments. */
  text: string;
  success: boolean;
  args: [string, string][];
  observed: [string, string][];
  /** What the check asks for on failure (`onFail.action`, or onFail as text). */
  action: string | undefined;
  tags: string[];
  referenceUrl: string | undefined;
}

/**
 * A check's text with `$name` replaced by the argument `name` (Great Expectations style
 * templates such as `expect $column to not be null`); names without an argument stay as written.
 */
export function fillTemplate(check: string, args: unknown): string {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return check;
  const values = args as Record<string, unknown>;
  return check.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => (Object.hasOwn(values, name) ? formatValue(values[name]) : whole));
}

export function onFailAction(onFail: unknown): string | undefined {
  if (typeof onFail === 'string') return onFail || undefined;
  if (typeof onFail === 'object' && onFail !== null && !Array.isArray(onFail)) {
    const action = (onFail as Record<string, unknown>)['action'];
    if (typeof action === 'string' && action) return action;
    const text = formatValue(onFail);
    return text === '{}' ? undefined : text;
  }
  return undefined;
}

export function checkView(check: QualityCheck): CheckView {
  const tags = Array.isArray(check.tags) ? check.tags.map(formatValue) : typeof check.tags === 'string' ? [check.tags] : [];
  return {
    text: fillTemplate(check.check, check.checkArgs),
    success: check.success,
    args: entriesOf(check.checkArgs),
    observed: entriesOf(check.observed),
    action: onFailAction(check.onFail),
    tags,
    referenceUrl: safeHttpUrl(check.referenceUrl),
  };
}
