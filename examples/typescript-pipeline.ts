/**
 * A pipeline instrumented with @lucots/sdk: one run of a daily sales load, as a submission.
 *
 *   npm run example:ts [-- <tag>]     (the tag defaults to today's date)
 *
 * It needs, first: a server (`npm start` leaves one running), the LUCO_* variables the README's
 * quick start exports (LUCO_BASE_URL, LUCO_TOKEN_URL, LUCO_RESOURCE_ID, LUCO_CLIENT_ID,
 * LUCO_CLIENT_SECRET), and the slot sequence `client=acme, feed=sales` from examples/sequences.json,
 * which `npm start` imports (elsewhere: `npx luco sequences import examples/sequences.json`).
 */
import { CollectionResult, LucoApi } from '@lucots/sdk';

interface Order {
  id: string;
  amount: number;
}

/** Stands in for the real extract step. */
async function extractOrders(): Promise<Order[]> {
  return Array.from({ length: 250 }, (_, i) => ({ id: `o-${i}`, amount: (i * 37) % 500 }));
}

export async function runPipeline(luco: LucoApi, tag: string): Promise<{ slotId: number; submissionId: number; rows: number }> {
  return luco.withSubmission({ tag, slotSequence: { client: 'acme', feed: 'sales' } }, async (run) => {
    await run.submitDetectedRunEnvironment({ stage: 'extract' });

    const orders = await extractOrders();
    await run.submitMetrics({ rows: orders.length, totalAmount: orders.reduce((sum, o) => sum + o.amount, 0) }, { stage: 'extract' });

    const checks = new CollectionResult({
      name: 'orders',
      tool: 'typescript-pipeline example',
      checks: [
        { check: 'every order has an id', success: orders.every((o) => o.id !== ''), onFail: { action: 'fail' } },
        { check: 'amounts are not negative', success: orders.every((o) => o.amount >= 0), onFail: { action: 'fail' } },
      ],
    });
    // Throws DataQualityError (and the run is marked Failed) if a check demands a stop.
    await run.submitQuality(checks, { stage: 'validate', raiseOnCancelled: true });

    await run.submitStatus('Completed', { stage: 'load', message: `${orders.length} orders loaded` });
    return { slotId: run.slotId, submissionId: run.submissionId, rows: orders.length };
  });
}

// Run directly (not when imported by the tests).
if (import.meta.url === `file://${process.argv[1]}`) {
  const tag = process.argv[2] ?? new Date().toISOString().slice(0, 10);
  runPipeline(new LucoApi(), tag)
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
