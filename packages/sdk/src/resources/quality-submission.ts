import { ValidationError } from '../core/errors.js';
import { optionalNonEmptyString, optionalText, plainText, wireJson } from '../core/validate.js';
import { CheckResult, CollectionResult, convertSuiteToCollection, type QualityAction, resolveQualityResult } from '../quality/index.js';

export type { QualityAction };

/** Anything `submitQuality` takes: Luco checks/collections (objects, JSON, classes) or Great Expectations results. */
export type QualityInput = CheckResult | CollectionResult | Record<string, unknown> | string;

export interface QualityPlan {
  route: 'v1' | 'v2';
  body: unknown;
  action: QualityAction;
  /** Whether the results themselves demand a stop (a failed check whose onFail action is `fail`). */
  demandsStop: boolean;
}

/**
 * Decides where results go and with which action. A GE result wrapped as `{ validation_result }`
 * (LucoPy's legacy form) goes to the v1 route as a JSON string; a bare GE suite result is converted
 * to a collection; everything else is parsed as a Luco check or collection for the v2 route.
 */
export function planQualitySubmission(
  results: QualityInput,
  options: { stage?: string | undefined; action?: QualityAction | undefined; tool?: string | undefined; dataSet?: string | undefined },
): QualityPlan {
  if (options.action !== undefined && options.action !== 'Continued' && options.action !== 'Cancelled') {
    throw new ValidationError('action', `must be Continued or Cancelled, got ${JSON.stringify(options.action)}`);
  }
  const parsed = typeof results === 'string' ? parseJson(results) : results;
  if (isRecord(parsed) && 'validation_result' in parsed) {
    const collection = convertSuiteToCollection(parsed);
    const demandsStop = collection.isExceptionThrown();
    const action = options.action ?? collection.action();
    // The server keeps v1 results as the text sent: that text must be storable.
    const text = plainText('results', typeof results === 'string' ? results : JSON.stringify(results));
    return {
      route: 'v1',
      action,
      demandsStop,
      body: {
        stage: optionalNonEmptyString('stage', options.stage) ?? null,
        runId: '',
        tool: optionalText('tool', options.tool) ?? 'Great Expectations',
        results: text,
        dataSet: optionalText('dataSet', options.dataSet),
        action,
      },
    };
  }
  const result = isGreatExpectationsSuite(parsed) ? convertSuiteToCollection(parsed) : resolveQualityResult(parsed);
  const demandsStop = result.isExceptionThrown();
  const body = result.toDict();
  wireJson('results', body);
  optionalNonEmptyString('stage', options.stage);
  return { route: 'v2', action: options.action ?? result.action(), demandsStop, body };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('results', 'is a string but not valid JSON');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bare GE suite validation result: `results` whose items carry `expectation_config`. */
function isGreatExpectationsSuite(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || value instanceof CheckResult || value instanceof CollectionResult) return false;
  const items = value.results;
  return Array.isArray(items) && items.length > 0 && items.every((item) => isRecord(item) && 'expectation_config' in item);
}
