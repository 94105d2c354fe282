/**
 * A sequence's history of one metric: `GET /lucots/v1/metric-history`, its pages followed. A
 * LucoTS-server extension; behind `LucoApi.metricHistory`.
 */
import type { HttpClient } from '../core/http-client.js';
import { isoInstant, nonEmptyString, oneOf, positiveInteger } from '../core/validate.js';
import type { MetricHistory, MetricHistoryOptions } from '../types/metric-history.js';
import type { SlotSequenceNameInput } from '../types/slot-sequence.js';
import { toDefinition } from './slot-sequence-name.js';

/** The server's largest page. */
const PAGE_LIMIT = 5000;

interface HistoryPage extends MetricHistory {
  nextCursor: string | null;
}

export class MetricHistoryReader {
  constructor(private readonly http: HttpClient) {}

  async read(slotSequence: SlotSequenceNameInput, options: MetricHistoryOptions): Promise<MetricHistory> {
    const wanted = options.limit === undefined ? Number.POSITIVE_INFINITY : positiveInteger('limit', options.limit);
    const query = {
      sequence: toDefinition(slotSequence).map((part) => `${part.key}=${part.value}`),
      metric: nonEmptyString('metric', options.metric),
      stage: options.stage === undefined || options.stage === null ? undefined : nonEmptyString('stage', options.stage),
      from: options.from === undefined ? undefined : isoInstant('from', options.from),
      to: options.to === undefined ? undefined : isoInstant('to', options.to),
      points: options.every ? 'every' : 'latest',
      order: options.order === undefined ? undefined : oneOf('order', options.order, ['asc', 'desc'] as const),
    };
    let cursor: string | undefined;
    let result: MetricHistory | undefined;
    for (;;) {
      const have = result?.values.length ?? 0;
      const limit = Math.min(PAGE_LIMIT, wanted - have);
      const { data } = await this.http.request<HistoryPage>({ method: 'GET', path: '/lucots/v1/metric-history', query: { ...query, limit, cursor }, options: { signal: options.signal } });
      const { nextCursor, ...page } = data;
      result = result ? { ...result, values: [...result.values, ...page.values], nonNumeric: result.nonNumeric + page.nonNumeric, truncated: page.truncated } : page;
      if (!page.truncated || nextCursor === null || result.values.length >= wanted) return result;
      cursor = nextCursor;
    }
  }
}
