import type { LucoApi } from '@lucots/sdk';
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Benchmark, BenchContext } from './lib/context.js';
import { load } from './lib/load.js';
import { onEachDatabase } from './lib/each-database.js';
import { metricWriteRequest, PIPELINE_SEQUENCE, sdkPipelineRun, tagFor } from './lib/pipeline.js';
import { processRssMiB, type BenchServer } from './lib/server.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { writeResults } from './lib/results.js';

const QUEUED_WRITES = 10_000;
const CHILD = fileURLToPath(new URL('./lib/queued-writes-child.ts', import.meta.url));

/**
 * Server RSS idle, under load (sampled every 100 ms) and idle again after three load rounds, set
 * against the RSS of a bare Node.js process measured in the same run; then the SDK's memory with
 * 10,000 writes queued while Luco is unreachable, per store.
 */
async function run(context: BenchContext): Promise<void> {
  const seconds = context.quick ? 3 : 10;
  const bareNode = await bareNodeRssMiB();
  const servers = await onEachDatabase(context, (server, luco) => serverMemory(server, luco, seconds));
  const sdk = [];
  for (const store of ['memory', 'file'] as const) sdk.push(await queuedWrites(store));

  printTable(
    `Server RSS in MiB (bare Node.js process in this run: ${round(bareNode, 1)} MiB)`,
    servers.map((item) => ({
      database: item.database,
      'idle after start': round(item.idle, 1),
      'peak under load (rounds 1/2/3)': item.rounds.map((value) => round(value.peak, 1)).join(' / '),
      'mean under load': round(item.rounds[item.rounds.length - 1]?.mean ?? Number.NaN, 1),
      'idle after load': round(item.idleAfter, 1),
      'peak vs bare node': `${round(Math.max(...item.rounds.map((value) => value.peak)) / bareNode, 1)}x`,
    })),
  );
  printTable(
    `SDK process with ${QUEUED_WRITES} metric writes queued while Luco is unreachable (after GC)`,
    sdk.map((item) => ({
      store: item.store,
      queued: item.queued,
      dropped: item.dropped,
      'heap before MiB': round(item.before.heapMiB, 1),
      'heap after MiB': round(item.after.heapMiB, 1),
      'RSS before MiB': round(item.before.rssMiB, 1),
      'RSS after MiB': round(item.after.rssMiB, 1),
      'heap bytes per write': Math.round(((item.after.heapMiB - item.before.heapMiB) * 2 ** 20) / QUEUED_WRITES),
      'ms per awaited write': round(item.perWriteMs, 3),
    })),
  );
  writeResults('memory', { seconds, bareNodeRssMiB: bareNode, servers, sdk });
}

async function serverMemory(server: BenchServer, luco: LucoApi, seconds: number) {
  for (let i = 0; i < 50; i++) await sdkPipelineRun(luco, tagFor(i));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idle = server.rssMiB();
  const slotId = await luco.findSlotId(tagFor(0), PIPELINE_SEQUENCE);
  const { submissionId } = await luco.createSubmission(slotId);
  const rounds = [];
  for (let round = 0; round < 3; round++) {
    const samples: number[] = [];
    await load({
      ...metricWriteRequest(server, slotId, submissionId),
      connections: 32,
      duration: seconds,
      onTick: () => samples.push(processRssMiB(server.pid)),
    });
    rounds.push({ peak: Math.max(...samples), mean: samples.reduce((sum, value) => sum + value, 0) / samples.length, samples: samples.length });
  }
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  return { idle, rounds, idleAfter: server.rssMiB() };
}

async function bareNodeRssMiB(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return processRssMiB(child.pid!);
  } finally {
    child.kill();
  }
}

async function queuedWrites(store: 'memory' | 'file') {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, store, String(QUEUED_WRITES)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as { store: string; writes: number; queued: number; dropped: number; before: { heapMiB: number; rssMiB: number }; after: { heapMiB: number; rssMiB: number }; perWriteMs: number };
}

export const memory: Benchmark = { name: 'memory', summary: 'server RSS idle and under load; SDK with 10,000 queued writes', run };
