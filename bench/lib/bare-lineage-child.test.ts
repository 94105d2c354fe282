import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withChild } from './child-server.js';
import { lineageEventStream } from './lineage-events.js';
import { newMetricWriteRequest } from './pipeline.js';
import { startBenchServer } from './server.js';

const CHILD = fileURLToPath(new URL('./bare-lineage-child.ts', import.meta.url));
const TABLES = ['lineage_events', 'lineage_runs', 'slots', 'submissions', 'run_environments', 'status_events', 'metrics', 'metric_points', 'slot_transitions', 'slot_health'] as const;
const LEFT_OUT_OF_LEAN = new Set(['metric_points', 'slot_transitions', 'slot_health']);
const JOBS = 3;
const PAIRS = 6;

type Counts = Record<(typeof TABLES)[number], number>;

/**
 * The lineage floor is only a floor if the bare server writes what luco-server writes: the same
 * rows in the same tables for the same events (each START/COMPLETE pair of a new run).
 */
describe('bare-lineage-child', () => {
  const dir = mkdtempSync(join(tmpdir(), 'luco-bare-lineage-'));
  const target = join(dir, 'floor.db');
  let submission = '';
  let lucoAdded: Counts;

  beforeAll(async () => {
    const server = await startBenchServer('sqlite', { target, args: ['--openlineage-create-sequences'] });
    try {
      submission = /\/submissions\/(\d+)\//.exec((await newMetricWriteRequest(server)).url)![1]!;
      const post = (body: string) => fetch(`${server.url}/api/v1/lineage`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body });
      const seed = lineageEventStream('floor', JOBS);
      for (let n = 0; n < 2 * JOBS; n++) expect((await post(seed(n))).status).toBe(201);
      const before = counts(target);
      const events = lineageEventStream('floor', JOBS);
      for (let n = 0; n < 2 * PAIRS; n++) expect((await post(events(n))).status).toBe(201);
      lucoAdded = difference(counts(target), before);
    } finally {
      await server.stop();
    }
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the rows luco-server writes for the same events, on /event', async () => {
    const added = await bareAdded('/event');
    expect(lucoAdded.submissions).toBe(PAIRS);
    expect(lucoAdded.metrics).toBe(2 * PAIRS);
    expect(added).toEqual(lucoAdded);
  }, 30_000);

  it('leaves out only the series points and the health change on /event-lean, and stores no body', async () => {
    const added = await bareAdded('/event-lean');
    for (const table of TABLES) expect([table, added[table]]).toEqual([table, LEFT_OUT_OF_LEAN.has(table) ? 0 : lucoAdded[table]]);
    const db = new Database(target, { readonly: true });
    try {
      expect(db.prepare("select count(*) as n from lineage_events where body = '' and job_namespace = 'bench-floor'").get()).toEqual({ n: 2 * PAIRS });
    } finally {
      db.close();
    }
  }, 30_000);

  it('answers a metric write, stored in the given submission', async () => {
    const before = counts(target);
    await withChild(CHILD, [target, submission, 'bench-floor'], async (url) => {
      const body = JSON.stringify({ stage: 'load', metrics: [{ metric: 'rows', value: 1 }, { metric: 'bytes', value: 2 }, { metric: 'files', value: 3 }] });
      expect((await fetch(`${url}/metric`, { method: 'POST', headers: { 'content-type': 'application/json-patch+json' }, body })).status).toBe(201);
    });
    expect(difference(counts(target), before).metrics).toBe(3);
  }, 30_000);

  async function bareAdded(path: string): Promise<Counts> {
    const before = counts(target);
    await withChild(CHILD, [target, submission, 'bench-floor'], async (url) => {
      const events = lineageEventStream('floor', JOBS);
      for (let n = 0; n < 2 * PAIRS; n++) {
        const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: events(n) });
        expect(response.status).toBe(201);
      }
    });
    return difference(counts(target), before);
  }
});

function counts(target: string): Counts {
  const db = new Database(target, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((table) => [table, (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n])) as Counts;
  } finally {
    db.close();
  }
}

function difference(after: Counts, before: Counts): Counts {
  return Object.fromEntries(TABLES.map((table) => [table, after[table] - before[table]])) as Counts;
}
