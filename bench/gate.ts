import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLucoServer, type LucoServerProcess } from '../scripts/luco-server-process.mjs';
import type { Benchmark, BenchContext } from './lib/context.js';
import { writeResults } from './lib/results.js';
import { BENCH_KEY_ENCRYPTION_KEY, startBenchServer, type BenchServer, type DatabaseKind } from './lib/server.js';
import { distribution, round, type Distribution } from './lib/stats.js';
import { printTable } from './lib/table.js';

const LUCO_BIN = fileURLToPath(new URL('../packages/cli/bin/luco.js', import.meta.url));

/**
 * The gate. (1) From a submission's Completed (the status request sent) to a waiting `luco wait`
 * process exiting: on SQLite (one server), and on PostgreSQL with the waiter on one instance and
 * the writer on another (LISTEN/NOTIFY between them). (2) 1,000 long polls waiting at once on one
 * server, each on its own slot: the server's extra RSS and its CPU while they wait.
 */
async function run(context: BenchContext): Promise<void> {
  const rounds = context.quick ? 10 : 100;
  const waiters = context.quick ? 200 : 1_000;
  const idleSeconds = context.quick ? 10 : 30;
  const latency = [];
  const held = [];
  for (const database of context.databases) {
    latency.push({ database, latency: await measureRelease(database, context, rounds) });
    held.push({ database, ...(await measureWaiters(database, context, waiters, idleSeconds)) });
  }
  printTable(
    `Completed to luco wait exiting (ms), ${rounds} rounds`,
    latency.map((item) => ({
      database: item.database === 'postgres' ? 'postgres (waiter and writer on two instances)' : item.database,
      n: item.latency.n,
      p50: round(item.latency.p50, 0),
      p95: round(item.latency.p95, 0),
      p99: round(item.latency.p99, 0),
      max: round(item.latency.max, 0),
    })),
  );
  printTable(
    `${waiters} long polls waiting at once`,
    held.map((item) => ({
      database: item.database,
      waiting: item.waiting,
      'RSS before MiB': round(item.rssBeforeMiB, 1),
      'RSS waiting MiB': round(item.rssWaitingMiB, 1),
      'extra MiB': round(item.rssWaitingMiB - item.rssBeforeMiB, 1),
      [`CPU % over ${idleSeconds} s waiting`]: round(item.cpuPercent, 2),
    })),
  );
  writeResults('gate', { rounds, waiters, idleSeconds, latency, held });
}

async function measureRelease(database: DatabaseKind, context: BenchContext, rounds: number): Promise<Distribution> {
  const writer = await startBenchServer(database, { postgres: context.postgres });
  let waiterSide: LucoServerProcess | undefined;
  try {
    if (database === 'postgres') {
      waiterSide = await startLucoServer({ cwd: mkdtempSync(join(tmpdir(), 'luco-bench-')), args: ['--db', writer.target, '--host', '127.0.0.1'], env: { LUCO_LOG_LEVEL: 'warn', LUCO_KEY_ENCRYPTION_KEY: BENCH_KEY_ENCRYPTION_KEY } });
    }
    const waitUrl = waiterSide?.url ?? writer.url;
    const today = new Date().toISOString().slice(0, 10);
    await importSequences(writer, rounds, today);
    const env = { ...process.env, LUCO_BASE_URL: waitUrl, LUCO_TOKEN_URL: `${waitUrl}/oauth2/token`, LUCO_CLIENT_ID: writer.credentials.clientId, LUCO_CLIENT_SECRET: writer.credentials.clientSecret, LUCO_RESOURCE_ID: 'luco', LUCO_LOG: 'off' };
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const slotId = await findSlot(writer, round, today);
      const submission = (await post(writer, `/slots/${slotId}/submissions`, {})) as { slotSubmissionId: number };
      const child = spawn(process.execPath, [LUCO_BIN, 'wait', '--sequence', `client=bench,feed=f${round}`, '--tag', today, '--timeout', '2m'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const exited = new Promise<{ at: number; code: number | null }>((resolve) => child.once('exit', (code) => resolve({ at: performance.now(), code })));
      await new Promise<void>((resolve) => child.stderr.once('data', () => resolve()));
      // luco has said it waits; give its token request and first long poll time to reach the server.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const sent = performance.now();
      await post(writer, `/slots/${slotId}/submissions/${submission.slotSubmissionId}/status`, { status: 'Completed', stage: 'Submission' });
      const { at, code } = await exited;
      if (code !== 0) throw new Error(`luco wait exited ${code} in round ${round}`);
      samples.push(at - sent);
    }
    return distribution(samples);
  } finally {
    await waiterSide?.stop();
    await writer.stop();
  }
}

async function measureWaiters(database: DatabaseKind, context: BenchContext, count: number, idleSeconds: number) {
  const server = await startBenchServer(database, { postgres: context.postgres });
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const pending: Array<Promise<void>> = [];
  let answered = 0;
  try {
    const today = new Date().toISOString().slice(0, 10);
    await importSequences(server, count, today);
    const slotIds: number[] = [];
    for (let index = 0; index < count; index++) slotIds.push(await findSlot(server, index, today));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rssBeforeMiB = server.rssMiB();
    for (const slotId of slotIds) pending.push(longPoll(server, agent, slotId).then(() => void answered++));
    // Every request reaches the server and waits (a few seconds for 1,000 on 2 cores).
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const cpuBefore = cpuMs(server.pid);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const cpuPercent = (100 * (cpuMs(server.pid) - cpuBefore)) / (Date.now() - started);
    const rssWaitingMiB = server.rssMiB();
    // Every long poll must still be held: an answered one would not cost the server anything.
    const waiting = count - answered;
    return { waiting, rssBeforeMiB, rssWaitingMiB, cpuPercent };
  } finally {
    await server.stop();
    await Promise.allSettled(pending);
    agent.destroy();
  }
}

function longPoll(server: BenchServer, agent: Agent, slotId: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${server.url}/lucots/v1/gate/slots/${slotId}?wait=60s`, { agent, headers: { authorization: `Bearer ${server.token}` } }, (response) => {
      response.resume();
      response.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    req.end();
  });
}

async function importSequences(server: BenchServer, count: number, today: string): Promise<void> {
  const slotSequences = Array.from({ length: count }, (_, index) => ({
    name: [{ key: 'client', value: 'bench' }, { key: 'feed', value: `f${index}` }],
    type: 'Feed',
    delivery: [{ isActive: true, cadence: 'daily', expectedBy: '23:59', timeZone: 'UTC', startDate: today }],
  }));
  await post(server, '/v2/slotsequences/import', { slotSequences });
}

async function findSlot(server: BenchServer, index: number, today: string): Promise<number> {
  const answer = (await get(server, `/lucots/v1/gate?sequence=client%3Dbench&sequence=feed%3Df${index}&tag=${today}`)) as { slotId: number };
  return answer.slotId;
}

async function post(server: BenchServer, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function get(server: BenchServer, path: string): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export const gate: Benchmark = { name: 'gate', summary: 'Completed to luco wait exiting (SQLite; two PostgreSQL instances); 1,000 waiting long polls: RSS and CPU', run };
