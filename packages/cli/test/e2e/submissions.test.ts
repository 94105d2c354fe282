import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, luco, lucoJson, removeHomes } from '../support/luco.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
let env: NodeJS.ProcessEnv;
const SEQUENCE = 'client=acme,feed=sales';
const NAME = { client: 'acme', feed: 'sales' };
// The search test has a sequence of its own: "latest" must not see the other tests' submissions.
const SEARCH = 'client=acme,feed=search';
const SEARCH_NAME = { client: 'acme', feed: 'search' };

/** A slot and an open submission, made in process with the SDK (setup is not what is tested here). */
async function openSubmission(tag: string, name: Record<string, string> = NAME): Promise<{ slot: string; submission: string }> {
  const slotId = await server.sdk.findSlotId(tag, name);
  const submission = await server.sdk.createSubmission(slotId);
  return { slot: String(slotId), submission: String(submission.submissionId) };
}

const ref = (ids: { slot: string; submission: string }): string[] => ['--slot', ids.slot, '--submission', ids.submission];

beforeAll(async () => {
  server = await startServer();
  env = isolatedEnv(server.lucoEnv());
  await server.sdk.submitSlotSequences([{ name: NAME, parameters: { slotParameterGroups: [{ slotParameterGroupName: 'g', slotParameters: [{ key: 'k', value: 'v' }] }] } }, { name: SEARCH_NAME }]);
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe('luco slot find', () => {
  it('prints the slot id bare, the same id for the same tag; exits 3 with --no-create for a new tag, and for an unknown sequence', async () => {
    const [first, again, missing, unknown] = await Promise.all([
      luco(['slot', 'find', '--sequence', SEQUENCE, '--tag', '2026-01-01'], { env }),
      // The server makes one slot per tag, even for concurrent requests.
      lucoJson<{ slotId: number; tag: string; sequence: Record<string, string> }>(['slot', 'find', '--sequence', SEQUENCE, '--tag', '2026-01-01'], { env }),
      luco(['slot', 'find', '--sequence', SEQUENCE, '--tag', 'never-made', '--no-create'], { env }),
      luco(['slot', 'find', '--sequence', 'client=nobody', '--tag', 'x'], { env }),
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\d+\n$/);
    expect(again).toEqual({ slotId: Number(first.stdout), tag: '2026-01-01', sequence: NAME });
    expect(first.stdout.trim()).toBe(String(await server.sdk.findSlotId('2026-01-01', NAME, { createIfMissing: false })));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^luco: error: SlotNotFoundError: .*creation was turned off\n$/);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('No slot sequence named client=nobody');
  });
});

// Each test works on its own slots, so they run side by side: luco spends much of its time starting up.
describe.concurrent('luco submission, metrics, quality, status, env', () => {
  it('submission create prints the id; --detect-env records the detected run environment', async () => {
    const slot = String(await server.sdk.findSlotId('env-tag', NAME));
    const githubEnv = { ...env, GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/etl', GITHUB_RUN_ID: '42' };
    const [bare, created] = await Promise.all([
      luco(['submission', 'create', '--slot', slot], { env }),
      lucoJson<{ slotId: number; submissionId: number; runEnvironment: { platform: string; referenceUrl: string } }>(['submission', 'create', '--slot', slot, '--stage', 'load', '--detect-env'], { env: githubEnv }),
    ]);
    expect(bare.stdout).toMatch(/^\d+\n$/);
    expect((await server.sdk.getSubmission(Number(slot), Number(bare.stdout)).details()).status).toBe('In Progress');
    expect(created.slotId).toBe(Number(slot));
    expect(created.runEnvironment).toMatchObject({ platform: 'GitHub Actions', referenceUrl: 'https://github.com/acme/etl/actions/runs/42' });
    const stored = (await server.get(`/slots/${slot}/submissions/${created.submissionId}/runenvironment`)) as { runEnvironments: Array<{ stage: string; runData: { platform: string } }> };
    expect(stored.runEnvironments).toEqual([expect.objectContaining({ stage: 'load', runData: expect.objectContaining({ platform: 'GitHub Actions' }) })]);
  });

  it('metrics submit sends numbers as numbers and everything else as text; metrics get reads them back', async () => {
    const ids = await openSubmission('metrics-tag');
    const submitted = await lucoJson<{ metrics: unknown[] }>(['metrics', 'submit', ...ref(ids), '--stage', 'load', 'rows=1200', 'ratio=0.25', 'zero=0', 'source=sftp', 'zip=007', 'note=a=b'], { env });
    expect(submitted.metrics).toHaveLength(6);
    const [grouped, filtered, table, invalid] = await Promise.all([
      lucoJson<Record<string, Record<string, unknown>>>(['metrics', 'get', ...ref(ids), '--group-by-stage'], { env }),
      lucoJson<Array<{ metric: string; value: unknown }>>(['metrics', 'get', ...ref(ids), '--metric', 'rows'], { env }),
      luco(['metrics', 'get', ...ref(ids), '--stage', 'load'], { env }),
      luco(['metrics', 'submit', ...ref(ids), 'rows'], { env }),
    ]);
    expect(grouped).toEqual({ load: { rows: 1200, ratio: 0.25, zero: 0, source: 'sftp', zip: '007', note: 'a=b' } });
    expect(filtered.map(({ metric, value }) => [metric, value])).toEqual([['rows', 1200]]);
    expect(table.stdout).toMatch(/^stage\s+metric\s+value/);
    expect(table.stdout).toMatch(/\nload\s+rows\s+1200\s/);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('expected name=value, got "rows"');
  });

  it('quality submit from a file and from stdin; --fail-on-cancelled exits 1 after recording; quality get lists them', async () => {
    const ids = await openSubmission('quality-tag');
    const path = join(server.folder, 'quality.json');
    await writeFile(path, JSON.stringify({ name: 'orders', checks: [{ check: 'ids are unique', success: true }] }));
    expect(await lucoJson(['quality', 'submit', ...ref(ids), '--stage', 'validate', '--file', path], { env })).toEqual({ action: 'Continued', route: 'v2' });

    const failing = { name: 'customers', checks: [{ check: 'no nulls', success: false, onFail: { action: 'fail' } }] };
    const cancelled = await luco(['quality', 'submit', ...ref(ids), '--stage', 'validate', '--file', '-', '--fail-on-cancelled'], { env, input: JSON.stringify(failing) });
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toMatch(/^luco: error: DataQualityError: /);

    const collections = await lucoJson<Array<{ name: string; action: string; success: boolean }>>(['quality', 'get', ...ref(ids)], { env });
    expect(collections.map(({ name, action, success }) => ({ name, action, success }))).toEqual([
      { name: 'orders', action: 'Continued', success: true },
      { name: 'customers', action: 'Cancelled', success: false },
    ]);
  });

  it('status submit sets the submission status (stage Submission by default) and records stage events with messages', async () => {
    const ids = await openSubmission('status-tag');
    const invalid = luco(['status', 'submit', ...ref(ids), '--status', 'Done'], { env });
    await lucoJson(['status', 'submit', ...ref(ids), '--status', 'failed', '--stage', 'load', '--message', 'disk full'], { env });
    const recorded = await lucoJson<{ status: string; stage: string }>(['status', 'submit', ...ref(ids), '--status', 'Completed'], { env });
    expect(recorded).toMatchObject({ status: 'Completed', stage: 'Submission' });
    const history = (await server.get(`/slots/${ids.slot}/submissions/${ids.submission}/status`)) as { statuses: Array<{ status: string; stage: string; message: string | null }> };
    expect(history.statuses.map(({ status, stage, message }) => ({ status, stage, message }))).toEqual([
      { status: 'Failed', stage: 'load', message: 'disk full' },
      { status: 'Completed', stage: 'Submission', message: null },
    ]);
    expect((await invalid).code).toBe(2);
  });

  it('env submit takes key=value pairs or a file, and exactly one way of giving it', async () => {
    const ids = await openSubmission('env-submit-tag');
    const both = luco(['env', 'submit', ...ref(ids), '--detect', 'platform=x'], { env });
    await lucoJson(['env', 'submit', ...ref(ids), 'platform=cron', 'referenceUrl=https://ci.example/42'], { env });
    await lucoJson(['env', 'submit', ...ref(ids), '--stage', 'load', '--file', '-'], { env, input: JSON.stringify([{ platform: 'Airflow', runId: 'r1' }]) });
    const stored = (await server.get(`/slots/${ids.slot}/submissions/${ids.submission}/runenvironment`)) as { runEnvironments: Array<{ stage: string | null; runData: unknown }> };
    expect(stored.runEnvironments.map(({ stage, runData }) => ({ stage, runData }))).toEqual([
      { stage: null, runData: { platform: 'cron', referenceUrl: 'https://ci.example/42' } },
      { stage: 'load', runData: { platform: 'Airflow', runId: 'r1' } },
    ]);
    expect((await both).code).toBe(2);
  });

  it('submission show gives details, params, schedule, metrics and quality', async () => {
    const ids = await openSubmission('show-tag');
    await server.sdk.getSubmission(Number(ids.slot), Number(ids.submission)).submitMetrics({ rows: 3 }, { stage: 's' });
    const [shown, human, missing] = await Promise.all([
      lucoJson<Record<string, unknown>>(['submission', 'show', ...ref(ids)], { env }),
      luco(['submission', 'show', ...ref(ids)], { env }),
      luco(['submission', 'show', '--slot', '999999', '--submission', '1'], { env }),
    ]);
    expect(shown).toMatchObject({
      slotId: Number(ids.slot),
      submissionId: Number(ids.submission),
      tag: 'show-tag',
      name: NAME,
      status: 'In Progress',
      params: { g: { k: 'v' } },
      schedule: null,
      metrics: [expect.objectContaining({ stage: 's', metric: 'rows', value: 3 })],
      quality: [],
    });
    expect(human.stdout).toMatch(/status\s+In Progress\n/);
    expect(human.stdout).toMatch(/Parameters\ngroup\s+key\s+value\ng\s+k\s+v\n/);
    expect(missing.code).toBe(3);
  });

  it('submission list, latest and find-closest find completed submissions', async () => {
    const first = await openSubmission('search-1', SEARCH_NAME);
    await server.sdk.getSubmission(Number(first.slot), Number(first.submission)).submitCompletedStatus();
    const second = await openSubmission('search-2', SEARCH_NAME);
    await server.sdk.getSubmission(Number(second.slot), Number(second.submission)).submitCompletedStatus();

    const [latest, listed, table, closest, none] = await Promise.all([
      lucoJson<{ slotId: number; submissionId: number }>(['submission', 'latest', '--sequence', SEARCH], { env }),
      lucoJson<{ slots: Array<{ slotId: number }> }>(['submission', 'list', '--sequence', SEARCH, '--no-only-latest-slot'], { env }),
      luco(['submission', 'list', '--sequence', SEARCH], { env }),
      lucoJson<{ slotId: number; slotSubmissionId: number }>(['submission', 'find-closest', ...ref(second), '--only-completed'], { env }),
      luco(['submission', 'latest', '--sequence', SEARCH, '--expected-before', '2000-01-01'], { env }),
    ]);
    expect(latest).toEqual({ slotId: Number(second.slot), submissionId: Number(second.submission) });
    expect(listed.slots.slice(0, 2).map((slot) => slot.slotId)).toEqual([Number(second.slot), Number(first.slot)]);
    expect(table.stdout).toMatch(new RegExp(`^slot\\s+tag\\s+expectedBy\\s+submission\\s+status\\n\\s*${second.slot}\\s+search-2\\s+-\\s+${second.submission}\\s+Completed\\n$`));
    expect(closest).toMatchObject({ slotId: Number(first.slot), slotSubmissionId: Number(first.submission) });
    expect(none.code).toBe(3);
    expect(none.stderr).toContain('no completed submission');
  });
});
