import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { importSequences, schedule, sequence } from './helpers.js';

/**
 * While an overview materialises many slots, the server keeps answering: /healthz (which pings
 * the database) is polled every ~10 ms on a real listening server, and the longest wait between
 * two answers must stay far below the seconds one unbroken materialisation used to take (3 to 5 s
 * here on SQLite). The bound is generous: on a loaded 2-core machine an idle server's worst gap
 * already reaches 100 ms, and PostgreSQL's a little more; the benchmark, not this test, is for speed.
 */
const WORST_GAP_MS = 500;
const NOW = Date.parse('2026-11-27T12:00:00Z');
const TWENTY_YEARS_BACK = '2006-11-27';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function listening(materializeDays?: number): Promise<{ app: TestApp; url: string }> {
  t = await createTestApp({ now: NOW, ...(materializeDays === undefined ? {} : { materializeDays }) });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return { app: t, url: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}` };
}

async function importDaily(app: TestApp, count: number): Promise<void> {
  await importSequences(app, Array.from({ length: count }, (_, i) => sequence({ client: `c${i}`, feed: 'sales' }, { delivery: [schedule('daily', TWENTY_YEARS_BACK)] })));
}

interface HealthWatch {
  /** The longest time between two /healthz answers while the overview ran, ms. */
  worstGapMs: number;
  answers: number;
  failures: number;
}

/** GETs `url` while a worker thread (its own event loop, as a separate client) polls /healthz every ~10 ms. */
async function getWhilePollingHealth(base: string, url: string): Promise<{ status: number; body: { totalCount: number }; health: HealthWatch }> {
  const poller = new Worker(POLLER, { eval: true, workerData: { url: `${base}/healthz` } });
  try {
    await once(poller, 'message'); // the first answer came: the connection is open, the clock runs
    const response = await fetch(`${base}${url}`);
    const body = (await response.json()) as { totalCount: number };
    poller.postMessage('stop');
    const [health] = (await once(poller, 'message')) as [HealthWatch];
    return { status: response.status, body, health };
  } finally {
    await poller.terminate();
  }
}

const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
const health = async () => { const response = await fetch(workerData.url); await response.arrayBuffer(); return response.status === 200; };
(async () => {
  await health();
  parentPort.postMessage('ready');
  let last = performance.now(), worstGapMs = 0, answers = 0, failures = 0;
  while (!stop) {
    if (!(await health())) failures += 1;
    const now = performance.now();
    worstGapMs = Math.max(worstGapMs, now - last);
    last = now;
    answers += 1;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  parentPort.postMessage({ worstGapMs, answers, failures });
})();
`;

async function slotCount(app: TestApp): Promise<number> {
  const row = await app.database.db.selectFrom('slots').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('an overview that materialises many slots', () => {
  it('with the default window: creates only the window, and /healthz keeps answering meanwhile', async () => {
    const { app, url } = await listening();
    await importDaily(app, 20);
    const { status, body, health } = await getWhilePollingHealth(url, '/v2/slotsequences/overview');
    expect(status).toBe(200);
    expect(body.totalCount).toBe(20);
    expect(await slotCount(app)).toBe(20 * 401);
    expect(health.failures).toBe(0);
    expect(health.worstGapMs, `worst /healthz gap over ${health.answers} answers`).toBeLessThan(WORST_GAP_MS);
  });

  it('with a window of 20 years: materialises in chunks, and /healthz keeps answering meanwhile', async () => {
    const { app, url } = await listening(7400);
    await importDaily(app, 5);
    const { status, body, health } = await getWhilePollingHealth(url, '/v2/slots/overview?pageSize=1');
    expect(status).toBe(200);
    const days = (Date.parse('2026-11-27') - Date.parse(TWENTY_YEARS_BACK)) / 86_400_000 + 1;
    expect(body.totalCount).toBe(5 * days);
    expect(await slotCount(app)).toBe(5 * days);
    // It took long enough for the poller to be answered many times.
    expect(health.answers).toBeGreaterThan(5);
    expect(health.failures).toBe(0);
    expect(health.worstGapMs, `worst /healthz gap over ${health.answers} answers`).toBeLessThan(WORST_GAP_MS);
  });
});
