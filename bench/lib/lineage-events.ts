import { randomUUID } from 'node:crypto';

export const LINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/**
 * Event n of a stream of OpenLineage run events as Spark's listener sends them: run n/2 (of job
 * n/2 mod `jobs` in namespace `bench-<label>`, its id from `newRunId`), START for even n,
 * COMPLETE with outputStatistics for odd n. Every call makes a stream of its own run ids.
 */
export function lineageEventStream(label: string, jobs: number, newRunId: () => string = randomUUID): (n: number) => string {
  const runIds: string[] = [];
  const started = Date.now() - 60_000;
  return (n) => {
    const runIndex = Math.floor(n / 2);
    runIds[runIndex] ??= newRunId();
    const complete = n % 2 === 1;
    const producer = 'https://github.com/OpenLineage/OpenLineage/tree/1.33.0/integration/spark';
    return JSON.stringify({
      eventType: complete ? 'COMPLETE' : 'START',
      eventTime: new Date(started + n).toISOString(),
      producer,
      schemaURL: LINEAGE_SCHEMA_URL,
      run: { runId: runIds[runIndex], facets: { processing_engine: { _producer: producer, _schemaURL: LINEAGE_SCHEMA_URL, version: '3.5.1', name: 'spark' } } },
      job: { namespace: `bench-${label}`, name: `job_${runIndex % jobs}` },
      inputs: [],
      outputs: complete
        ? [{ namespace: 's3://lake', name: `table_${runIndex % jobs}`, outputFacets: { outputStatistics: { _producer: producer, _schemaURL: LINEAGE_SCHEMA_URL, rowCount: 1000 + runIndex, size: 40_000 } } }]
        : [],
    });
  };
}
