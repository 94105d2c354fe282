// Child process of the memory benchmark (run with --expose-gc): queues writes in a DeliveryQueue
// while Luco is unreachable and prints, as one JSON line, the memory before and after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryQueue, FileStore, LucoApi, MemoryStore } from '@lucots/sdk';
import { METRIC_BATCHES, PIPELINE_SEQUENCE } from './pipeline.js';

const storeKind = process.argv[2] === 'file' ? 'file' : 'memory';
const writes = Number(process.argv[3] ?? 10_000);

function measure(): { heapMiB: number; rssMiB: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return { heapMiB: usage.heapUsed / 2 ** 20, rssMiB: usage.rss / 2 ** 20 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'luco-bench-queue-'));
  // Port 9 on loopback: nothing listens, so every delivery attempt is refused and writes stay queued.
  const luco = new LucoApi({ baseUrl: 'http://127.0.0.1:9', identity: { generateToken: () => 'unused' }, env: {}, logLevel: 'off', maxRetries: 0 });
  const store = storeKind === 'file' ? new FileStore(dir) : new MemoryStore();
  const queue = await DeliveryQueue.open(luco, { store, maxItems: writes * 2, logLevel: 'off', warnOnExit: false, backoff: { initialDelayMs: 600_000, maxDelayMs: 600_000 } });
  const before = measure();
  const slot = await queue.findSlot('2026-11-27', PIPELINE_SEQUENCE);
  const run = await queue.createSubmission(slot);
  const started = performance.now();
  for (let i = 0; i < writes; i++) {
    const batch = METRIC_BATCHES[i % METRIC_BATCHES.length]!;
    await run.submitMetrics(batch.metrics, { stage: batch.stage });
  }
  const queueMs = performance.now() - started;
  const after = measure();
  const stats = queue.stats();
  process.stdout.write(`${JSON.stringify({ store: storeKind, writes, queued: stats.queued, dropped: stats.dropped, before, after, perWriteMs: queueMs / writes })}\n`);
  await queue.close({ timeout: 0 });
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
