import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchContext } from './lib/context.js';
import { load, type LoadOptions } from './lib/load.js';
import { metricWriteRequest, newMetricWriteRequest } from './lib/pipeline.js';
import { writeResults } from './lib/results.js';
import { startBenchServer } from './lib/server.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';

const CHILD = fileURLToPath(new URL('./lib/bare-fastify-child.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * The floor under issue 20's "write req/s at least 0.8x the cheapest route": answers per second
 * (any status) of routes that do less and less, through the same autocannon settings as the
 * ingest benchmark (10 connections). A bare Fastify server's empty JSON POST against its GET
 * shows what a POST costs on this machine before any work; the real server's POST refused for
 * want of a token (401) is the most any write on the metric route could reach.
 */
async function run(context: BenchContext): Promise<void> {
  const seconds = context.quick ? 2 : 8;
  const rows: Array<{ server: string; load: string; perSecond: number; ratio: number }> = [];
  const measure = async (server: string, cases: Array<[string, LoadOptions]>) => {
    for (const [, options] of cases) await load({ ...options, duration: 1 });
    let base = 0;
    for (const [name, options] of cases) {
      const result = await load({ ...options, duration: seconds });
      const answered = Object.values(result.statusCodes).reduce((sum, count) => sum + count, 0) / result.seconds;
      base ||= answered;
      rows.push({ server, load: `${name} (${Object.keys(result.statusCodes).join(', ')})`, perSecond: answered, ratio: answered / base });
    }
  };

  const bare = fork(CHILD, [], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      bare.once('message', (message: { port: number }) => resolve(message.port));
      bare.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const write = metricWriteRequest({ url } as never, 1, 1);
    await measure('bare Fastify', [
      ['GET /healthz', { url: `${url}/healthz`, connections: 10 }],
      ['POST /echo, the metric body parsed', { url: `${url}/echo`, method: 'POST', headers: { 'content-type': 'application/json' }, body: write.body, connections: 10 }],
    ]);
  } finally {
    bare.disconnect();
  }

  for (const database of context.databases) {
    const server = await startBenchServer(database, { postgres: context.postgres });
    try {
      const write = await newMetricWriteRequest(server);
      await measure(`luco-server, ${database}`, [
        ['GET /healthz', { url: `${server.url}/healthz`, headers: write.headers, connections: 10 }],
        ['POST metrics without a token', { ...write, headers: { 'content-type': write.headers['content-type'] }, connections: 10 }],
        ['POST metrics, stored', { ...write, connections: 10 }],
      ]);
    } finally {
      await server.stop();
    }
  }
  printTable(
    `Write floor (autocannon, ${seconds} s runs, 10 connections): answers/s of any status, against each server's GET /healthz`,
    rows.map((row) => ({ server: row.server, load: row.load, 'answers/s': Math.round(row.perSecond), 'x GET /healthz': round(row.ratio, 2) })),
  );
  writeResults('write-floor', { seconds, runs: rows });
}

export const writeFloor: Benchmark = { name: 'write-floor', summary: 'what a POST allows on this machine: bare Fastify and a refused write against GET /healthz', run };
