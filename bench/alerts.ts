import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLucoServer, type LucoServerProcess } from '../scripts/luco-server-process.mjs';
import type { Benchmark, BenchContext } from './lib/context.js';
import { writeResults } from './lib/results.js';
import { BENCH_KEY_ENCRYPTION_KEY, startBenchServer, type BenchServer, type DatabaseKind } from './lib/server.js';
import { distribution, round, type Distribution } from './lib/stats.js';
import { printTable } from './lib/table.js';

const MINUTE = 60_000;
/** The server's clock starts this long before the first measured deadline (import and setup fit in it). */
const LEAD_MS = 60_000;

interface Received {
  receivedAt: number;
  slotId: number;
  expectedBy: number;
}

/**
 * Time from a slot's deadline (`expectedBy`) to the overdue alert arriving at a webhook receiver
 * on loopback, with 10,000 active daily sequences: per database (SQLite: one server; PostgreSQL:
 * three instances on one database, each running the engine's lease loop and a sender). The
 * servers' clocks are shifted (LUCO_CLOCK_OFFSET_MS) so the measured deadlines come a minute after
 * start: `waves` minutes with `perWave` deadlines each, the other sequences due later in the day.
 * Then the engine's CPU while idle: server CPU time over a quiet period (no deadline in it).
 */
async function run(context: BenchContext): Promise<void> {
  const sequences = context.quick ? 2_000 : 10_000;
  const waves = context.quick ? 2 : 4;
  const perWave = context.quick ? 50 : 250;
  const idleSeconds = context.quick ? 10 : 60;
  const results = [];
  for (const database of context.databases) {
    results.push({ database, ...(await measure(database, context, { sequences, waves, perWave, idleSeconds })) });
  }
  printTable(
    `Deadline to overdue alert at the receiver (ms), ${sequences} active sequences, ${waves} waves of ${perWave} deadlines`,
    results.map((item) => ({
      database: item.database === 'postgres' ? 'postgres (3 instances)' : item.database,
      alerts: `${item.latency.n}/${waves * perWave}`,
      duplicates: item.duplicates,
      p50: round(item.latency.p50, 0),
      p95: round(item.latency.p95, 0),
      p99: round(item.latency.p99, 0),
      max: round(item.latency.max, 0),
      'idle CPU % (all instances)': round(item.idleCpuPercent, 2),
    })),
  );
  writeResults('alerts', { sequences, waves, perWave, idleSeconds, results });
}

async function measure(database: DatabaseKind, context: BenchContext, size: { sequences: number; waves: number; perWave: number; idleSeconds: number }): Promise<{ latency: Distribution; duplicates: number; idleCpuPercent: number }> {
  // Deadlines on whole minutes (a schedule's time is HH:MM), the first LEAD_MS after the servers' start.
  // The servers' day is pinned at noon UTC, whatever the real time: a run near midnight would
  // otherwise see its sequences start tomorrow and the day's later deadlines fall due.
  const real = new Date();
  const firstDeadline = Date.UTC(real.getUTCFullYear(), real.getUTCMonth(), real.getUTCDate(), 12, 0, 0);
  const offset = firstDeadline - LEAD_MS - Date.now();
  // BENCH_ALERTS_LOG_LEVEL=info shows where a pass spends its time (the engine's phase timings).
  const logLevel = process.env.BENCH_ALERTS_LOG_LEVEL ?? 'warn';
  const env = { LUCO_CLOCK_OFFSET_MS: String(offset), LUCO_LOG_LEVEL: logLevel };
  const args = ['--alert-targets', 'loopback'];
  const received: Received[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const message = JSON.parse(body) as { type: string; data: { slot: { slotId: number; expectedBy: string } } };
      if (message.type === 'alert.opened') received.push({ receivedAt: Date.now(), slotId: message.data.slot.slotId, expectedBy: Date.parse(message.data.slot.expectedBy) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;

  const first = await startBenchServer(database, { postgres: context.postgres, args, env });
  const others: LucoServerProcess[] = [];
  try {
    if (database === 'postgres') {
      for (let i = 0; i < 2; i++) {
        others.push(await startLucoServer({ cwd: mkdtempSync(join(tmpdir(), 'luco-bench-')), args: ['--db', first.target, '--host', '127.0.0.1', ...args], env: { ...env, LUCO_KEY_ENCRYPTION_KEY: BENCH_KEY_ENCRYPTION_KEY } }));
      }
    }
    await setUp(first, receiverUrl, firstDeadline, size);
    const lastDeadline = firstDeadline + (size.waves - 1) * MINUTE;
    const expected = size.waves * size.perWave;
    // Until every alert came, or a minute after the last deadline.
    const realEnd = lastDeadline - offset + MINUTE;
    while (received.length < expected && Date.now() < realEnd) await new Promise((resolve) => setTimeout(resolve, 200));
    const latency = distribution(received.map((item) => item.receivedAt - (item.expectedBy - offset)));
    const duplicates = received.length - new Set(received.map((item) => item.slotId)).size;

    // Quiet: no deadline until later in the (server's) day.
    const pids = [first.pid, ...others.map((server) => server.child.pid!)];
    const cpuBefore = pids.map(cpuMs);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, size.idleSeconds * 1000));
    const cpuUsed = pids.map((pid, index) => cpuMs(pid) - cpuBefore[index]!).reduce((sum, value) => sum + value, 0);
    if (logLevel !== 'warn') {
      for (const output of [first.output(), ...others.map((server) => server.output())]) {
        for (const line of output.split('\n')) if (line.includes('alert engine:')) console.log(line.slice(0, 400));
      }
    }
    return { latency, duplicates, idleCpuPercent: (100 * cpuUsed) / (Date.now() - started) };
  } finally {
    for (const server of others) await server.stop();
    await first.stop();
    receiver.close();
  }
}

/** Sequences, one webhook channel and one rule through the API. */
async function setUp(server: BenchServer, receiverUrl: string, firstDeadline: number, size: { sequences: number; waves: number; perWave: number }): Promise<void> {
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const today = new Date(firstDeadline).toISOString().slice(0, 10);
  const at = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  // Measured sequences first (their deadlines in the waves), the rest at 23:59, after the run.
  const items = Array.from({ length: size.sequences }, (_, index) => {
    const wave = Math.floor(index / size.perWave);
    const expectedBy = wave < size.waves ? at(firstDeadline + wave * MINUTE) : '23:59';
    return { name: [{ key: 'client', value: 'bench' }, { key: 'feed', value: `f${index}` }], type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy, timeZone: 'UTC', startDate: today }] };
  });
  for (let start = 0; start < items.length; start += 5_000) await call('/v2/slotsequences/import', { slotSequences: items.slice(start, start + 5_000) });
  const channel = await call('/lucots/v1/alert-channels', { name: 'bench', settings: { type: 'webhook', url: receiverUrl } });
  await call('/lucots/v1/alert-rules', { name: 'bench', events: ['overdue'], channelIds: [channel.channelId] });
}

/** utime + stime of a process, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export const alerts: Benchmark = { name: 'alerts', summary: 'deadline to overdue alert at a webhook, 10,000 sequences; idle engine CPU', run };
