import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDialect } from '../support/test-database.js';
import { insertSequence, lucoPyJson } from '../submissions/support.js';

// Issue 20: a keyed write (the write, its events and its idempotent answer) costs one durable
// commit, on both databases. The commits are counted at the driver (storage/commit-counter.ts).

const NAME = [['Client', 'Commits']] as const;

let t: TestApp;
afterEach(async () => t?.close());

function commits(): number {
  const counter = t.database.commits;
  if (!counter) throw new Error('the test app was opened without countCommits');
  return counter.count;
}

/** The commits `action` caused, once the after-commit callbacks it scheduled had a chance to run. */
async function commitsOf(action: () => Promise<unknown>): Promise<number> {
  const before = commits();
  await action();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return commits() - before;
}

async function post(url: string, body: unknown, key?: string) {
  const request = lucoPyJson(body);
  const response = await t.app.inject({ method: 'POST', url, payload: request.payload, headers: { ...request.headers, ...(key ? { 'idempotency-key': key } : {}) } });
  expect([200, 201], response.body).toContain(response.statusCode);
  return response;
}

async function setUp(): Promise<{ slotId: number; submissionId: number }> {
  t = await createTestApp({ countCommits: true });
  await insertSequence(t.database.db, { name: NAME });
  const definition = NAME.map(([key, value], position) => ({ position, key, value }));
  const slotId = (await post('/slots/', { tag: 'batch-1', slotSequenceDefinition: definition })).json().slotId as number;
  const submissionId = (await post(`/slots/${slotId}/submissions`, {})).json().slotSubmissionId as number;
  return { slotId, submissionId };
}

const metricBody = (value: number) => ({ stage: 'load', metrics: [{ metric: 'rows', value }, { metric: 'files', value: 3 }] });

describe('commits per write', () => {
  it('a keyed metric write is one commit, holding its rows and its stored answer', async () => {
    const { slotId, submissionId } = await setUp();
    const url = `/v2/slots/${slotId}/submissions/${submissionId}/metrics`;
    expect(await commitsOf(() => post(url, metricBody(1), 'metrics-1'))).toBe(1);
    expect(await commitsOf(() => post(url, metricBody(2), 'metrics-2'))).toBe(1);

    const key = await t.database.db.selectFrom('idempotency_keys').select(['status']).where('key', '=', 'metrics-1').executeTakeFirstOrThrow();
    expect(key.status).toBe(201);
    if (testDialect() === 'postgres') {
      // The metric row and the key's answer carry the id of the transaction that wrote them: the same.
      const rows = await sql<{ xid: string }>`select xmin::text as xid from metrics where submission_id = ${submissionId} and value_json = '1'`.execute(t.database.db);
      const answer = await sql<{ xid: string }>`select xmin::text as xid from idempotency_keys where key = 'metrics-1'`.execute(t.database.db);
      expect(rows.rows).toHaveLength(1);
      expect(answer.rows).toEqual(rows.rows);
    }
  });

  it('a keyed Completed status (event, submission, slot roll-up and answer) is one commit', async () => {
    const { slotId, submissionId } = await setUp();
    const status = { runId: '', stage: 'Submission', type: null, message: null, modifiedBy: null, status: 'Completed' };
    expect(await commitsOf(() => post(`/slots/${slotId}/submissions/${submissionId}/status`, status, 'status-1'))).toBe(1);
    const slot = await t.database.db.selectFrom('slots').select(['last_submission_status']).where('id', '=', slotId).executeTakeFirstOrThrow();
    expect(slot.last_submission_status).not.toBeNull();
  });

  it('a keyed new submission is one commit; an unkeyed write is one commit; a read is none', async () => {
    const { slotId, submissionId } = await setUp();
    expect(await commitsOf(() => post(`/slots/${slotId}/submissions`, {}, 'submission-1'))).toBe(1);
    expect(await commitsOf(() => post(`/v2/slots/${slotId}/submissions/${submissionId}/metrics`, metricBody(3)))).toBe(1);
    expect(await commitsOf(() => t.app.inject({ method: 'GET', url: `/slots/${slotId}/submissions/${submissionId}/metrics` }))).toBe(0);
  });

  it('keyed writes that arrive together share one commit, and each keeps its answer', async () => {
    const { slotId, submissionId } = await setUp();
    const url = `/v2/slots/${slotId}/submissions/${submissionId}/metrics`;
    const together = await commitsOf(() => Promise.all(Array.from({ length: 5 }, (_, i) => post(url, metricBody(10 + i), `together-${i}`))));
    expect(together).toBe(1);
    const keys = await t.database.db.selectFrom('idempotency_keys').select(['key']).where('key', 'like', 'together-%').where('status', '=', 201).execute();
    expect(keys).toHaveLength(5);
  });
});
