import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, isolatedEnv, luco, lucoJson, removeHomes, spawnLuco } from '../support/luco.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
let env: NodeJS.ProcessEnv;

interface ImportJson {
  dryRun?: boolean;
  counts: Record<string, number>;
  imports: Array<{ name: Record<string, string>; slotSequenceId: number | null; result: string; errors?: unknown[]; changes?: Array<{ field: string; before: unknown; after: unknown }> }>;
}

const SALES = { name: { client: 'acme', feed: 'sales' }, type: 'csv', parameters: { slotParameterGroups: [{ slotParameterGroupName: 'source', slotParameters: [{ key: 'path', value: '/in/sales' }] }] } };
const DAILY = { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: 'daily' }], delivery: [{ cadence: 'daily', expectedBy: '06:00', timeZone: 'Europe/London', startDate: '2026-01-01' }] };
const COMMA = { name: { client: 'acme, inc', feed: 'eu' } };
const WEEKLY = { name: { client: 'acme', feed: 'weekly' }, delivery: [{ cadence: 'weekly', daysOfWeek: ['Mon'], expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-01-01' }] };

async function file(name: string, value: unknown): Promise<string> {
  const path = join(server.folder, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

/** Every stored sequence, read in process with the SDK. */
const exportAll = (): Promise<unknown[]> => server.sdk.exportSlotSequences();

beforeAll(async () => {
  server = await startServer();
  env = isolatedEnv(server.lucoEnv());
  const created = await lucoJson<ImportJson>(['sequences', 'import', await file('initial.json', [SALES, DAILY, COMMA, WEEKLY])], { env });
  expect(created.counts.created).toBe(4);
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe('luco sequences import / export', () => {
  it('exports JSON in the import format: export then import changes nothing (every item Exists)', async () => {
    const exported = await lucoJson<unknown[]>(['sequences', 'export'], { env });
    expect(exported).toHaveLength(4);
    expect(exported).toEqual(await exportAll());
    const path = await file('exported.json', exported);
    const again = await lucoJson<ImportJson>(['sequences', 'import', path], { env });
    expect(again.counts).toMatchObject({ exists: 4, created: 0, updated: 0 });
  });

  it('exports by --name (escaped comma kept in the value) and by --id', async () => {
    const byName = await lucoJson<Array<{ slotSequenceId: number; name: unknown }>>(['sequences', 'export', '--name', 'client=acme\\, inc,feed=eu'], { env });
    expect(byName).toHaveLength(1);
    expect(byName[0]?.name).toEqual([{ key: 'client', value: 'acme, inc' }, { key: 'feed', value: 'eu' }]);
    const byId = await lucoJson<Array<{ slotSequenceId: number }>>(['sequences', 'export', '--id', String(byName[0]?.slotSequenceId)], { env });
    expect(byId.map((item) => item.slotSequenceId)).toEqual([byName[0]?.slotSequenceId]);
  });

  it('--dry-run changes nothing, and shows exactly what the real import then does (the server decides)', async () => {
    const changed = [
      { ...SALES, type: 'parquet' }, // differs: Updated with --allow-overwrites
      { ...DAILY, isActive: false }, // archives: Archived with --allow-archiving
      { name: { client: 'acme', feed: 'new' } }, // Created
      { name: { client: 'acme', feed: 'new' } }, // repeated name: NotProcessed
      { name: { client: 'acme', feed: 'bad' }, delivery: [{ cadence: 'hourly' }] }, // invalid: NotProcessed
      COMMA, // identical: Exists
    ];
    const path = await file('changed.json', changed);
    const flags = ['--allow-overwrites', '--allow-archiving'];
    const before = await exportAll();

    const [dry, cautiousRun] = await Promise.all([
      luco(['sequences', 'import', path, ...flags, '--dry-run', '--json'], { env }),
      luco(['sequences', 'import', path, '--dry-run', '--json'], { env }),
    ]);
    expect(dry.code).toBe(1); // NotProcessed items make an import exit 1, dry or not
    const plan = JSON.parse(dry.stdout) as ImportJson;
    expect(plan.dryRun).toBe(true);
    expect(plan.imports.map((item) => item.result)).toEqual(['Updated', 'Archived', 'Created', 'NotProcessed', 'NotProcessed', 'Exists']);
    expect(plan.imports[0]?.changes).toEqual([{ field: 'type', before: 'csv', after: 'parquet' }]);
    expect(await exportAll()).toEqual(before);

    // Without the permission flags the same file would update nothing.
    const cautious = JSON.parse(cautiousRun.stdout) as ImportJson;
    expect(cautious.imports.slice(0, 2).map((item) => item.result)).toEqual(['NotUpdated', 'NotUpdated']);

    const real = await luco(['sequences', 'import', path, ...flags, '--json'], { env });
    expect(real.code).toBe(1);
    const result = JSON.parse(real.stdout) as ImportJson;
    expect(result.imports.map((item) => item.result)).toEqual(plan.imports.map((item) => item.result));
    expect(result.counts).toEqual(plan.counts);
  });

  it('reads the file from stdin with -, and prints a table with a summary on stderr', async () => {
    const result = await luco(['sequences', 'import', '-', '--dry-run'], { env, input: JSON.stringify([COMMA]) });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/would be\s+id\s+sequence/);
    expect(result.stdout).toMatch(/Exists\s+\d+\s+client=acme\\, inc,feed=eu/);
    expect(result.stderr).toContain('Dry run, nothing changed');
  });

  it('rejects a file that is not JSON as a usage error (2)', async () => {
    const result = await luco(['sequences', 'import', '-'], { env, input: 'not json' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^luco: error: stdin is not valid JSON/);
  });
});

describe('luco sequences find / show / params', () => {
  it('find prints the id bare; show gives the sequence', async () => {
    const found = await luco(['sequences', 'find', '--sequence', 'client=acme,feed=sales'], { env });
    expect(found.code).toBe(0);
    const id = Number(found.stdout.trim());
    expect(id).toBeGreaterThan(0);
    const shown = await lucoJson<{ slotSequenceId: number; isActive: boolean }>(['sequences', 'show', '--id', String(id)], { env });
    expect(shown).toMatchObject({ slotSequenceId: id, isActive: true });
  });

  it('params: all groups as JSON, one value bare, a missing group exits 3', async () => {
    const [all, value, missing] = await Promise.all([
      lucoJson<Record<string, Record<string, string>>>(['sequences', 'params', '--sequence', 'client=acme,feed=sales'], { env }),
      luco(['sequences', 'params', '--sequence', 'client=acme,feed=sales', '--group', 'source', '--key', 'path'], { env }),
      luco(['sequences', 'params', '--sequence', 'client=acme,feed=sales', '--group', 'nope'], { env }),
    ]);
    expect(all).toEqual({ source: { path: '/in/sales' } });
    expect(value.stdout).toBe('/in/sales\n');
    expect(missing.code).toBe(3);
  });
});

describe('luco sequences overview / slots overview', () => {
  it('sequences overview --json is JSON Lines, one sequence a line, filtered and limited', async () => {
    const [result, limited] = await Promise.all([
      luco(['sequences', 'overview', '--json', '--cadence', 'daily', '--archived'], { env }),
      luco(['sequences', 'overview', '--json', '--limit', '1'], { env }),
    ]);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { name: Record<string, string>; cadence: string });
    // The daily sequence was archived by the import above.
    expect(rows.map((row) => row.name)).toEqual([{ client: 'acme', feed: 'daily' }]);
    expect(limited.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('sequences overview prints an aligned table', async () => {
    const result = await luco(['sequences', 'overview', '--sort-by', 'slotSequence'], { env });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+sequence\s+type\s+cadence\s+slots\s+overdue\s+failed\s+lastDelivery\s+upcoming$/);
    // Aligned: every row starts its "sequence" column where the header does.
    const column = lines[0]?.indexOf('sequence') ?? -1;
    for (const line of lines.slice(1)) expect(line.slice(column)).toMatch(/^client=/);
  });

  it('slots overview filters by sequence id and status, as JSON Lines or a table', async () => {
    const id = String(await server.sdk.findSlotSequenceId(WEEKLY.name));
    const [result, table] = await Promise.all([
      luco(['slots', 'overview', '--sequence-id', id, '--status', 'Overdue', '--limit', '3', '--json'], { env }),
      luco(['slots', 'overview', '--sequence-id', id, '--limit', '2', '--sort-by', 'expectedBy'], { env }),
    ]);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { slotSequenceId: number; slotStatus: string; tag: string });
    // Mondays since 2026-01-01 are overdue (the suite runs after that date).
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatchObject({ slotSequenceId: Number(id), slotStatus: 'Overdue' });
    expect(table.stdout).toMatch(/^slot\s+sequence\s+tag\s+status\s+expectedBy\s+submissions\s+lastSubmission\n/);
    expect(table.stdout).toContain('2026-01-05'); // the first Monday
  });

  it('a reader that stops early (| head) ends luco quietly with 0, no EPIPE trace', async () => {
    const child = spawnLuco(['slots', 'overview', '--json', '--page-size', '20'], { env });
    const done = collect(child);
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    child.stdout?.destroy();
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('a bad filter value is a usage error (2)', async () => {
    const result = await luco(['slots', 'overview', '--sort-dir', 'sideways'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('asc, desc');
  });
});
