import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';
import { expectProblem, problemFields } from '../http/hostile-fixture.js';
import { byName, type Call, type GateAnswerBody, importGateSequences, recordChecks, SCHEDULED, setStatus, startRun, UNSCHEDULED } from './support.js';

/**
 * The gate's route on a listening app (real sockets: long polls, a client leaving, a shutdown):
 * verdicts and reasons under each policy, event-driven release, the fallback sweep, bad input.
 */

let t: TestApp;
let base: string;
// An admin: it imports the sequences and records the runs.
let writer: string;
let reader: string;

const callAs = (token: string): Call => async (method, path, body) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as unknown };
};
const write = (...args: Parameters<Call>) => callAs(writer)(...args);
const gate = async (path: string): Promise<GateAnswerBody> => {
  const response = await callAs(reader)('GET', path);
  expect(response.status, response.text).toBe(200);
  return response.json() as GateAnswerBody;
};
const codes = (answer: GateAnswerBody) => answer.reasons.map((reason) => reason.code);

/** A listening app; its fallback sweep runs every `sweepMs` (by default too rarely to release anything in a test). */
async function start(sweepMs = 60_000): Promise<void> {
  t = await createTestApp({ auth: TEST_AUTH, gate: { sweepMs } });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  writer = (await tokenFor(t, 'admin')).token;
  reader = (await tokenFor(t, 'reader')).token;
  await importGateSequences(write);
}

async function scheduledSlot(tag = '2026-11-27'): Promise<number> {
  const answer = await gate(byName(SCHEDULED, tag));
  expect(answer.slotId).toEqual(expect.any(Number));
  return answer.slotId!;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('verdicts', () => {
  beforeEach(() => start());
  afterEach(() => t.close());

  it('a date the schedule expects gets its slot: pending, no submission, overdue past expectedBy', async () => {
    const answer = await gate(byName(SCHEDULED, '2026-11-27'));
    expect(answer).toMatchObject({ verdict: 'pending', policy: 'noCancelledChecks', tag: '2026-11-27', expectedBy: '2026-11-27T09:00:00.000Z', latestSubmission: null });
    expect(codes(answer)).toEqual(['noSubmission', 'overdue']);
    expect(codes(await gate(byName(SCHEDULED, '2026-11-28')))).toEqual(['noSubmission']);
  });

  it('an unscheduled tag with no slot yet is pending (noSlot)', async () => {
    const answer = await gate(byName(UNSCHEDULED, 'batch-7'));
    expect(answer).toMatchObject({ verdict: 'pending', slotId: null, tag: 'batch-7', reasons: [{ code: 'noSlot' }] });
  });

  it('a run in progress is pending; completed passes; by id as by name', async () => {
    const slotId = await scheduledSlot();
    const run = await startRun(write, slotId);
    expect(codes(await gate(`/lucots/v1/gate/slots/${slotId}`))).toEqual(['runInProgress']);
    await setStatus(write, slotId, run, 'Completed');
    const answer = await gate(`/lucots/v1/gate/slots/${slotId}`);
    expect(answer).toMatchObject({ verdict: 'passed', slotId, latestSubmission: { slotSubmissionId: run, status: 'CompletedWithoutFailures' } });
    expect(codes(answer)).toEqual(['completed']);
    expect(await gate(byName(SCHEDULED, '2026-11-27'))).toMatchObject({ verdict: 'passed', slotId });
  });

  it('the last run Failed: failed, with its message', async () => {
    const slotId = await scheduledSlot();
    const run = await startRun(write, slotId);
    await setStatus(write, slotId, run, 'Failed', 'disk full');
    const answer = await gate(`/lucots/v1/gate/slots/${slotId}`);
    expect(answer.verdict).toBe('failed');
    expect(answer.reasons).toEqual([{ code: 'runFailed', message: `The last run (submission ${run}) Failed: disk full` }]);
  });

  it('quality action Cancelled fails every policy but completed, naming the checks', async () => {
    const slotId = await scheduledSlot();
    const run = await startRun(write, slotId);
    await recordChecks(write, slotId, run, ['no_nulls', 'fresh'], 'Cancelled');
    await setStatus(write, slotId, run, 'Completed');
    for (const query of ['', '?policy=noCancelledChecks', '?policy=noFailedChecks']) {
      const answer = await gate(`/lucots/v1/gate/slots/${slotId}${query}`);
      expect(answer.verdict).toBe('failed');
      expect(answer.reasons[0]).toMatchObject({ code: 'qualityCancelled', checks: ['no_nulls', 'fresh'] });
    }
    const lenient = await gate(`/lucots/v1/gate/slots/${slotId}?policy=completed`);
    expect(lenient).toMatchObject({ verdict: 'passed', policy: 'completed' });
    expect(lenient.reasons[1]).toMatchObject({ code: 'checksAllowed', checks: ['no_nulls', 'fresh'] });
  });

  it('failed checks that continue pass by default and fail noFailedChecks, named', async () => {
    const slotId = await scheduledSlot();
    const run = await startRun(write, slotId);
    await recordChecks(write, slotId, run, ['row_delta'], 'Continued');
    await setStatus(write, slotId, run, 'Completed');
    expect((await gate(`/lucots/v1/gate/slots/${slotId}`)).verdict).toBe('passed');
    const strict = await gate(`/lucots/v1/gate/slots/${slotId}?policy=noFailedChecks`);
    expect(strict).toMatchObject({ verdict: 'failed', reasons: [{ code: 'checksFailed', checks: ['row_delta'] }] });
  });
});

describe('long polls', () => {
  afterEach(() => t.close());

  it('a waiting request is released by the completion, not by its wait running out', async () => {
    await start();
    const slotId = await scheduledSlot();
    const run = await startRun(write, slotId);
    const started = Date.now();
    const waiting = gate(`/lucots/v1/gate/slots/${slotId}?wait=30s`);
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait');
    await setStatus(write, slotId, run, 'Completed');
    expect((await waiting).verdict).toBe('passed');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(t.app.gateWaiters.size).toBe(0);
  });

  it('an unscheduled tag is released once a run creates its slot and completes', async () => {
    await start();
    const waiting = gate(byName(UNSCHEDULED, 'batch-7', '&wait=30s'));
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait');
    const created = await write('POST', '/slots', { tag: 'batch-7', slotSequenceDefinition: UNSCHEDULED.map((part, position) => ({ ...part, position })) });
    const slotId = (created.json() as { slotId: number }).slotId;
    const run = await startRun(write, slotId);
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait on the new slot');
    await setStatus(write, slotId, run, 'Completed');
    expect(await waiting).toMatchObject({ verdict: 'passed', slotId });
  });

  it('a write that leaves the health as it was still wakes the waiter (completion after a failed check)', async () => {
    await start();
    const slotId = await scheduledSlot();
    const run = await startRun(write, slotId);
    await recordChecks(write, slotId, run, ['row_delta'], 'Continued');
    const waiting = gate(`/lucots/v1/gate/slots/${slotId}?wait=30s&policy=completed`);
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait');
    const started = Date.now();
    await setStatus(write, slotId, run, 'Completed');
    expect((await waiting).verdict).toBe('passed');
    // The sweep runs every 60 s here: only the write's own wake-up can be this fast.
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('the wait runs out still pending; while=passed waits out a passed verdict', async () => {
    await start();
    const slotId = await scheduledSlot();
    const started = Date.now();
    expect((await gate(`/lucots/v1/gate/slots/${slotId}?wait=300ms`)).verdict).toBe('pending');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const run = await startRun(write, slotId);
    await setStatus(write, slotId, run, 'Completed');
    const waiting = gate(`/lucots/v1/gate/slots/${slotId}?wait=30s&while=passed`);
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait');
    await startRun(write, slotId);
    expect(await waiting).toMatchObject({ verdict: 'pending', reasons: [{ code: 'runInProgress' }] });
  });

  it('a change made behind the server\'s back is found by the fallback sweep', async () => {
    await start(200);
    const slotId = await scheduledSlot();
    const run = await startRun(write, slotId);
    const waiting = gate(`/lucots/v1/gate/slots/${slotId}?wait=30s`);
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait');
    await t.database.db.updateTable('slots').set({ last_submission_status: 'CompletedWithoutFailures' }).where('id', '=', slotId).execute();
    expect(await waiting).toMatchObject({ verdict: 'passed', latestSubmission: { slotSubmissionId: run } });
  });

  it('a client that leaves frees its waiter', async () => {
    await start();
    const slotId = await scheduledSlot();
    // A plain socket: fetch's pool may open a spare connection that would hold up the close.
    const leaving = request(`${base}/lucots/v1/gate/slots/${slotId}?wait=30s`, { headers: { authorization: `Bearer ${reader}` } });
    leaving.on('error', () => undefined).end();
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait');
    leaving.destroy();
    await until(() => t.app.gateWaiters.size === 0, 'the waiter to be freed');
  });

  it('closing the server answers waiting requests at once', async () => {
    await start();
    const slotId = await scheduledSlot();
    const started = Date.now();
    const waiting = gate(`/lucots/v1/gate/slots/${slotId}?wait=30s`);
    await until(() => t.app.gateWaiters.size === 1, 'the request to wait');
    const closing = t.app.close();
    expect((await waiting).verdict).toBe('pending');
    await closing;
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('bad requests and roles', () => {
  beforeEach(() => start());
  afterEach(() => t.close());

  const inject = (url: string, token = reader) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('a reader token is enough; none is a 401', async () => {
    expect((await inject(byName(SCHEDULED, '2026-11-27'))).statusCode).toBe(200);
    expectProblem(await t.app.inject({ method: 'GET', url: byName(SCHEDULED, '2026-11-27') }), 401);
  });

  it('bad waits, policies, names and tags are 400 problems naming the field', async () => {
    const path = byName(SCHEDULED, '2026-11-27');
    for (const wait of ['abc', '61s', '-1', '2h', '1e3']) expect(problemFields(expectProblem(await inject(`${path}&wait=${wait}`), 400))).toEqual(['wait']);
    expect(problemFields(expectProblem(await inject(`${path}&policy=strict`), 400))).toEqual(['policy']);
    expect(problemFields(expectProblem(await inject(`${path}&while=maybe`), 400))).toEqual(['while']);
    expect(problemFields(expectProblem(await inject('/lucots/v1/gate?sequence=client&tag=2026-11-27'), 400))).toEqual(['sequence[0]']);
    expect(problemFields(expectProblem(await inject('/lucots/v1/gate?sequence=client=a&sequence=client=b&tag=2026-11-27'), 400))).toEqual(['sequence[1]']);
    expect(problemFields(expectProblem(await inject('/lucots/v1/gate?tag=2026-11-27'), 400))).toContain('sequence');
    expect(problemFields(expectProblem(await inject(byName(SCHEDULED, '').replace('&tag=', '')), 400))).toContain('tag');
    expect(problemFields(expectProblem(await inject(byName(SCHEDULED, 'a\u0000b')), 400))).toEqual(['tag']);
    expect(problemFields(expectProblem(await inject(byName([{ key: 'client', value: 'a\u0000' }], '2026-11-27')), 400))).toEqual(['sequence']);
    for (const id of ['0', '2147483648', '99999999999999999999', 'abc']) expect(problemFields(expectProblem(await inject(`/lucots/v1/gate/slots/${id}`), 400))).toEqual(['slotId']);
  });

  it('an unknown sequence, slot or unscheduled date is a 404 problem', async () => {
    expect(expectProblem(await inject(byName([{ key: 'client', value: 'nobody' }], '2026-11-27')), 404).detail).toMatch(/client=nobody/);
    expectProblem(await inject('/lucots/v1/gate/slots/2147483647'), 404);
    expect(expectProblem(await inject(byName(SCHEDULED, 'someday')), 404).detail).toMatch(/does not expect the tag/);
    expect(expectProblem(await inject(byName(SCHEDULED, '2030-01-01')), 404).detail).toMatch(/days ahead/);
  });
});
