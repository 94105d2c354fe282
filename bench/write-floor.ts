import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withChild } from './lib/child-server.js';
import type { Benchmark, BenchContext } from './lib/context.js';
import { load, type LoadOptions } from './lib/load.js';
import { metricWriteRequest, newMetricWriteRequest } from './lib/pipeline.js';
import { writeResults } from './lib/results.js';
import { startBenchServer } from './lib/server.js';
import { round } from './lib/stats.js';
import { printTable } from './lib/table.js';

const BARE_CHILD = fileURLToPath(new URL('./lib/bare-fastify-child.ts', import.meta.url));
const BARE_WRITE_CHILD = fileURLToPath(new URL('./lib/bare-write-child.ts', import.meta.url));

/**
 * The floor under issue 20's "write req/s at least 0.8x the cheapest route": answers per second
 * (any status) of routes that do less and less, through the same autocannon settings as the
 * ingest benchmark (10 connections). A bare Fastify server's empty JSON POST against its GET
 * shows what a POST costs on this machine before any work; the real server's POST refused for
 * want of a token (401) is the most any write on the metric route could reach. Bare Fastify with
 * each database and one three-column table (bare-write-child.ts) shows the least a durable write
 * costs against a GET that reads the same database: the ceiling of the ratio on this machine.
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

  await withChild(BARE_CHILD, [], async (url) => {
    const write = metricWriteRequest({ url } as never, 1, 1);
    await measure('bare Fastify', [
      ['GET /healthz', { url: `${url}/healthz`, connections: 10 }],
      ['POST /echo, the metric body parsed', { url: `${url}/echo`, method: 'POST', headers: { 'content-type': 'application/json' }, body: write.body, connections: 10 }],
    ]);
  });

  for (const database of context.databases) {
    const dir = mkdtempSync(join(tmpdir(), 'luco-floor-'));
    const target = database === 'sqlite' ? join(dir, 'floor.db') : await context.postgres!.createDatabase();
    try {
      await withChild(BARE_WRITE_CHILD, [target], async (url) => {
        const write = metricWriteRequest({ url } as never, 1, 1);
        const post = (path: string): LoadOptions => ({ url: `${url}${path}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: write.body, connections: 10 });
        await measure(`bare Fastify + ${database}`, [
          ['GET /healthz, select 1', { url: `${url}/healthz`, connections: 10 }],
          ['POST /write, one insert committed', post('/write')],
          ...(database === 'sqlite' ? [['POST /write-shared, a commit per loop turn', post('/write-shared')] as [string, LoadOptions]] : []),
        ]);
      });
    } finally {
      if (database === 'postgres') await context.postgres!.dropDatabase(target);
      rmSync(dir, { recursive: true, force: true });
    }
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

export const writeFloor: Benchmark = { name: 'write-floor', summary: 'what a POST allows on this machine: bare Fastify, bare Fastify with each database, and a refused write, against GET /healthz', run };
