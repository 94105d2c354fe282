import { readGreatExpectations } from '../../domain/quality/great-expectations.js';
import type { QualityRecord } from '../../storage/repositories/quality.js';

/** A collection as the v2 read lists it (before the record's id, stage, action and time are added). */
export type CollectionBody = Record<string, unknown> & { checks: Array<Record<string, unknown> & { check: string; success: boolean }>; success: boolean };

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A v1 record (results kept as text) as the collections the v2 read lists, so readers of
 * `collections` (LucoPy 1.3.9+, the SDK, `luco quality`) see it (docs/decisions/0005):
 * - Great Expectations JSON: its suites converted as the SDK's adapter converts them, one
 *   collection each, the record's data set filling in where the suite names none;
 * - anything else (plain text, other JSON, GE JSON that breaks GE's shape): one collection of one
 *   check that says so and holds the text as `observed`. Its success is the record's when the
 *   text gave one, else the pipeline's own verdict: false when it was Cancelled.
 */
export function v1Collections(record: QualityRecord): CollectionBody[] {
  const reading = readGreatExpectations(parsed(record.body));
  if (reading.kind === 'collections') {
    return reading.collections.map((collection) => ({ ...collection, ...(collection.dataSet === undefined && record.dataSet !== null ? { dataSet: record.dataSet } : {}) }));
  }
  const tool = record.tool ?? 'v1';
  const check =
    reading.kind === 'unreadable'
      ? { check: '$tool results that could not be read as Great Expectations checks: $reason', checkArgs: { tool, reason: reading.reason } }
      : { check: '$tool results, recorded as text', checkArgs: { tool } };
  const success = record.success ?? record.action !== 'Cancelled';
  return [
    {
      checks: [{ ...check, success, observed: record.body }],
      success,
      tool,
      ...(record.dataSet !== null ? { dataSet: record.dataSet } : {}),
    },
  ];
}
