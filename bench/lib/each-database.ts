import type { LucoApi } from '@lucots/sdk';
import type { BenchContext } from './context.js';
import { importPipelineSequence, sdkClient } from './pipeline.js';
import { startBenchServer, type BenchServer, type DatabaseKind } from './server.js';

/**
 * Runs one measurement per database of the run, each on a fresh server with the pipeline's slot
 * sequence imported and an SDK client of its admin; the server stops whatever happens.
 */
export async function onEachDatabase<T extends object>(context: BenchContext, measure: (server: BenchServer, luco: LucoApi) => Promise<T>): Promise<Array<{ database: DatabaseKind } & T>> {
  const results: Array<{ database: DatabaseKind } & T> = [];
  for (const database of context.databases) {
    const server = await startBenchServer(database, { postgres: context.postgres });
    try {
      const luco = sdkClient(server);
      await importPipelineSequence(luco);
      results.push({ database, ...(await measure(server, luco)) });
    } finally {
      await server.stop();
    }
  }
  return results;
}
