import { CollectionResult, LucoApi } from '@lucots/sdk';
import type { BenchServer } from './server.js';

/** The sequence every pipeline run reports to: daily, so each tag is an existing slot. */
export const PIPELINE_SEQUENCE = { client: 'bench', feed: 'pipeline' } as const;
const FIRST_DAY = Date.UTC(2020, 0, 1);
const DAYS = 2_000;

/** A different existing slot per run, cycling over 2,000 days. */
export function tagFor(run: number): string {
  return new Date(FIRST_DAY + (run % DAYS) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * An SDK client of the bench server's admin, as a pipeline would configure it.
 * `LUCO_BENCH_SDK_FETCH=1` gives it Node's fetch as its transport, as the SDK sent before
 * decision 0012: the "before" of a before/after on the same machine and commit.
 */
export function sdkClient(server: BenchServer): LucoApi {
  return new LucoApi({
    ...(process.env.LUCO_BENCH_SDK_FETCH === '1' ? { fetch: (input: string, init: RequestInit) => fetch(input, init) } : {}),
    baseUrl: server.url,
    tokenUrl: `${server.url}/oauth2/token`,
    clientId: server.credentials.clientId,
    clientSecret: server.credentials.clientSecret,
    resourceId: 'luco',
    env: {},
    logLevel: 'off',
  });
}

export async function importPipelineSequence(luco: LucoApi): Promise<void> {
  const result = await luco.submitSlotSequences({
    name: Object.entries(PIPELINE_SEQUENCE).map(([key, value]) => ({ key, value })),
    type: 'Benchmark feed',
    delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2020-01-01' }],
  });
  if (result.imports.some((item) => item.result === 'NotProcessed')) throw new Error(`pipeline sequence not imported: ${JSON.stringify(result.imports)}`);
}

export const RUN_ENVIRONMENT = { platform: 'benchmark', runId: 'bench-run', host: 'bench-host', pipeline: 'nightly-sales' };
export const METRIC_BATCHES = [
  { stage: 'extract', metrics: { rows: 125_000, bytes: 48_213_004, files: 12 } },
  { stage: 'transform', metrics: { rows: 124_870, rejected: 130, durationSeconds: 41.2 } },
  { stage: 'load', metrics: { rows: 124_870, partitions: 16, durationSeconds: 12.8 } },
] as const;

export function qualityCollection(): CollectionResult {
  return new CollectionResult({
    name: 'orders',
    tool: 'bench',
    checks: [
      { check: 'no null order ids', success: true, onFail: { action: 'fail' } },
      { check: 'amounts not negative', success: true, onFail: { action: 'fail' } },
      { check: 'row count within 5% of yesterday', success: true, onFail: { action: 'warn' } },
    ],
  });
}

/** One pipeline run through the SDK: 8 requests. */
export async function sdkPipelineRun(luco: LucoApi, tag: string): Promise<void> {
  const slotId = await luco.findSlotId(tag, PIPELINE_SEQUENCE);
  const run = await luco.createSubmission(slotId);
  await run.submitRunEnvironment(RUN_ENVIRONMENT, { stage: 'extract' });
  for (const batch of METRIC_BATCHES) await run.submitMetrics(batch.metrics, { stage: batch.stage });
  await run.submitQuality(qualityCollection(), { stage: 'validate' });
  await run.submitCompletedStatus();
}

const METRIC_WRITE_BODY = JSON.stringify({ stage: 'load', metrics: [{ metric: 'rows', value: 124_870 }, { metric: 'bytes', value: 48_213_004 }, { metric: 'files', value: 12 }] });

/**
 * One metric-write request as the SDK sends it (three values of one stage), for load generators:
 * URL, method, headers with the admin's bearer token, and the JSON body.
 */
/** A fresh server's metric-write request: the pipeline sequence imported, a submission in its first slot. */
export async function newMetricWriteRequest(server: BenchServer) {
  const luco = sdkClient(server);
  await importPipelineSequence(luco);
  const slotId = await luco.findSlotId(tagFor(0), PIPELINE_SEQUENCE);
  const submission = await luco.createSubmission(slotId);
  return metricWriteRequest(server, slotId, submission.submissionId);
}

export function metricWriteRequest(server: BenchServer, slotId: number, submissionId: number) {
  return {
    url: `${server.url}/v2/slots/${slotId}/submissions/${submissionId}/metrics`,
    method: 'POST' as const,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json-patch+json' },
    body: METRIC_WRITE_BODY,
  };
}
