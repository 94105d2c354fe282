import { afterEach, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import { AlertEngine } from '../../src/services/alerts/engine/engine.js';
import { ChangeFeed } from '../../src/storage/change-feed.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { waitFor } from './delivery/support.js';

const GAP_MS = 1_500;

let t: TestApp | undefined;
let engine: AlertEngine | undefined;
let feed: ChangeFeed | undefined;
afterEach(async () => {
  await engine?.stop();
  await feed?.close();
  await t?.close();
  engine = feed = t = undefined;
});

/** A started engine whose passes are only recorded (start and end, monotonic ms): what wakes them is under test, not their work. */
async function recordingEngine() {
  t = await createTestApp();
  feed = new ChangeFeed(undefined);
  const ctx = { db: t.database.db, dialect: t.database.dialect, now: () => t!.clock.now, materializeDays: 1, keyEncryption: KeyEncryptionKeys.ephemeral(), changes: feed };
  engine = new AlertEngine(ctx, { publicUrl: () => 'http://luco.test', wakeGapMs: GAP_MS, maxSleepMs: 60_000 });
  const passes: Array<{ start: number; end: number }> = [];
  engine.runPass = async () => {
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    passes.push({ start, end: performance.now() });
    return t!.clock.now + 60_000;
  };
  engine.start();
  // The lease taken, the first (full) pass runs at once.
  await waitFor(() => passes.length === 1 || undefined, 10_000, 'the first pass');
  return { engine, passes };
}

it('a wake after a quiet spell runs a pass at once; wakes that follow within the gap share one pass, the gap after the last', async () => {
  const { engine, passes } = await recordingEngine();
  await new Promise((resolve) => setTimeout(resolve, GAP_MS + 100));

  const quietWake = performance.now();
  engine.wake();
  await waitFor(() => passes.length === 2 || undefined, 5_000, 'the woken pass');
  expect(passes[1]!.start - quietWake).toBeLessThan(GAP_MS / 2);

  // A stream of writes: five wakes in the next half gap.
  for (let i = 0; i < 5; i++) {
    engine.wake();
    await new Promise((resolve) => setTimeout(resolve, GAP_MS / 10));
  }
  await waitFor(() => passes.length === 3 || undefined, 5_000, 'the coalesced pass');
  expect(passes[2]!.start - passes[1]!.end).toBeGreaterThanOrEqual(GAP_MS - 5);
  await new Promise((resolve) => setTimeout(resolve, GAP_MS / 2));
  expect(passes).toHaveLength(3);
});

it('a wake while a pass runs is not lost: it runs once, the gap after that pass', async () => {
  const { engine, passes } = await recordingEngine();
  engine.runPass = async () => {
    const start = performance.now();
    // A wake arrives while this pass works.
    if (passes.length === 1) engine.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    passes.push({ start, end: performance.now() });
    return t!.clock.now + 60_000;
  };
  await new Promise((resolve) => setTimeout(resolve, GAP_MS + 100));
  engine.wake();
  await waitFor(() => passes.length === 3 || undefined, 10_000, 'the pass owed to the wake during a pass');
  expect(passes[2]!.start - passes[1]!.end).toBeGreaterThanOrEqual(GAP_MS - 5);
});
