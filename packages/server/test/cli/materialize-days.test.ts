import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServer } from '../support/server-process.js';

/** A daily UTC schedule that started 20 years ago, so the window alone decides how many slots exist. */
const item = {
  name: [{ key: 'client', value: 'acme' }],
  delivery: [{ cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: `${new Date().getUTCFullYear() - 20}-01-01` }],
};

/** Imports the sequence into a fresh server and returns its `slots` count from the overview. */
async function slotsAfterOverview(args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const cwd = mkdtempSync(join(tmpdir(), 'luco-window-'));
  const server = await startServer(['--no-auth', '--db', join(cwd, 'luco.db'), ...args], { cwd, env });
  try {
    const imported = await fetch(`${server.url}/v2/slotsequences/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slotSequences: [item] }) });
    expect(((await imported.json()) as { createdCount: number }).createdCount).toBe(1);
    const overview = (await (await fetch(`${server.url}/v2/slotsequences/overview`)).json()) as { slotSequences: Array<{ slots: number }> };
    return overview.slotSequences[0]!.slots;
  } finally {
    await server.stop();
  }
}

describe('luco-server serve --materialize-days', () => {
  it('creates the slots of that many days back (plus today), from the option or LUCO_MATERIALIZE_DAYS; 400 by default', async () => {
    expect(await slotsAfterOverview(['--materialize-days', '30'])).toBe(31);
    expect(await slotsAfterOverview([], { LUCO_MATERIALIZE_DAYS: '10' })).toBe(11);
    expect(await slotsAfterOverview([], { LUCO_MATERIALIZE_DAYS: '' })).toBe(401);
  });

  it('refuses a value that is not a whole number of days (exit 2)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-window-'));
    for (const value of ['-1', '1.5', 'year', '100001']) {
      const result = await runCli(['serve', '--materialize-days', value], { cwd });
      expect(result.code, value).toBe(2);
      expect(result.stderr).toContain('--materialize-days must be a whole number from 0 to 100000');
    }
  });
});
