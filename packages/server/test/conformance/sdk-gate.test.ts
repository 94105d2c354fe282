import { APIUserAbortError, type LucoApi, NotFoundError, type SlotVerdict, ValidationError } from '@lucots/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening, type ListeningServer } from '../support/listening.js';

/** `luco.waitForSlot` over the wire: the real SDK against the real server listening on loopback. */

let server: ListeningServer;
let admin: LucoApi;
let reader: LucoApi;
const SALES = { client: 'acme', feed: 'sales' };

beforeAll(async () => {
  server = await startListening({ now: Date.parse('2026-12-04T06:00:00Z') });
  admin = await server.sdk('admin');
  reader = await server.sdk('reader');
  await admin.submitSlotSequences([{ name: SALES, type: 'Feed', delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-12-01' }] }]);
}, 30_000);
afterAll(async () => {
  // Node's fetch opens a spare connection after an aborted request, which sends nothing and so is
  // never idle to server.close(); every request is answered by now.
  server?.app.server.closeAllConnections();
  await server?.close();
});

describe('luco.waitForSlot', () => {
  it('waits (a reader is enough) and resolves passed once the run completes', async () => {
    const slotId = await admin.findSlotId('2026-12-04', SALES);
    const waiting = reader.waitForSlot('2026-12-04', SALES, { timeout: 30_000 });
    const submission = await admin.createSubmission(slotId);
    while (server.app.gateWaiters.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await submission.submitCompletedStatus();
    const verdict = await waiting;
    expect(verdict).toMatchObject({ verdict: 'passed', slotId, tag: '2026-12-04', policy: 'noCancelledChecks', reasons: [{ code: 'completed' }] });
  });

  it('resolves failed at once with the reasons: a quality stop names its checks; the policy is sent', async () => {
    const slotId = await admin.findSlotId('2026-12-03', SALES);
    const submission = await admin.createSubmission(slotId);
    await submission.submitQuality({ checks: [{ check: 'no_nulls', success: false }] }, { stage: 'load', action: 'Cancelled' });
    await submission.submitCompletedStatus();
    const failed = await reader.waitForSlot(new Date('2026-12-03T00:00:00Z'), SALES, { timeout: 5_000 });
    expect(failed).toMatchObject({ verdict: 'failed', reasons: [{ code: 'qualityCancelled', checks: ['no_nulls'] }] });
    expect(await reader.waitForSlot('2026-12-03', SALES, { policy: 'completed', timeout: 5_000 })).toMatchObject({ verdict: 'passed', policy: 'completed' });
  });

  it('chains long polls until the timeout, then resolves with the pending verdict', async () => {
    const polls: SlotVerdict[] = [];
    const started = Date.now();
    const verdict = await reader.waitForSlot('2026-12-02', SALES, { timeout: 900, longPollMs: 250, onProgress: (event) => 'verdict' in event && polls.push(event.verdict) });
    expect(verdict).toMatchObject({ verdict: 'pending', reasons: [{ code: 'noSubmission' }, { code: 'overdue' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(850);
    expect(polls.length).toBeGreaterThanOrEqual(3);
  });

  it('an AbortSignal cancels the wait', async () => {
    const controller = new AbortController();
    const waiting = reader.waitForSlot('2026-12-01', SALES, { timeout: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.app.gateWaiters.size).toBe(0);
  });

  it('an unknown sequence is thrown at once; bad options before any request', async () => {
    await expect(reader.waitForSlot('2026-12-04', { client: 'nobody' }, { timeout: 30_000 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(reader.waitForSlot('2026-12-04', SALES, { policy: 'strict' as 'completed' })).rejects.toBeInstanceOf(ValidationError);
    await expect(reader.waitForSlot('2026-12-04', SALES, { timeout: -1 })).rejects.toBeInstanceOf(ValidationError);
  });
});
