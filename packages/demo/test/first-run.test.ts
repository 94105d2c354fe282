import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built entry, as `npm start` runs it: build first (npm run build -w @lucots/demo).
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);

interface Outcome {
  stdout: string;
  stderr: string;
}

function startDemoOnce(cwd: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.LUCO_DEMO_EXIT;
  // --port 0: never collide with a server (or another test) on 8080.
  return run(process.execPath, [MAIN, '--once', '--port', '0'], { cwd, env, timeout: 60_000 });
}

/** Counts in the demo's database, read-only (the server has exited by then). */
type Counts = Record<'sequences' | 'slots' | 'submissions' | 'metrics' | 'quality' | 'failedQuality' | 'runEnvironments' | 'failedWithMessage' | 'deliveredLate', number>;

function counts(dataDir: string): Counts {
  const db = new Database(join(dataDir, 'luco.db'), { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      sequences: count('select count(*) as n from slot_sequences'),
      slots: count('select count(*) as n from slots'),
      submissions: count('select count(*) as n from submissions'),
      metrics: count('select count(*) as n from metrics'),
      quality: count('select count(*) as n from quality_results'),
      failedQuality: count('select count(*) as n from quality_results where success = 0'),
      runEnvironments: count('select count(*) as n from run_environments'),
      failedWithMessage: count("select count(*) as n from status_events where status = 'Failed' and stage = 'Submission' and message is not null"),
      deliveredLate: count('select count(*) as n from slots where delivered_on > expected_by'),
    };
  } finally {
    db.close();
  }
}

function slotsByStatus(stdout: string): Record<string, number> {
  const section = stdout.slice(stdout.indexOf('Slots by status'), stdout.indexOf('Latest submissions'));
  return Object.fromEntries([...section.matchAll(/^\s+([A-Za-z]+)\s+(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

const withoutPorts = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
/** Each run prints a new one-time sign-in link: the same line, another token. */
const withoutLinkTokens = (text: string) => text.replace(/#link=[\w-]{43}/g, '#link=TOKEN');
/** The output without its alerts section (what the webhook received differs between runs by design). */
const withoutAlerts = (text: string) => text.replace(/^Alerts \(rule[\s\S]*?\n\n/m, '');
const alertsSection = (text: string) => /^Alerts \(rule[\s\S]*?\n\n/m.exec(text)?.[0] ?? '';

describe('npm start (the built demo, --once) in an empty folder', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'lucots-demo-'));
  const dataDir = join(cwd, '.luco');
  let first: Outcome;
  let firstCounts: Counts;
  let second: Outcome;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build -w @lucots/demo first`);
    first = await startDemoOnce(cwd);
    firstCounts = counts(dataDir);
    second = await startDemoOnce(cwd);
  }, 120_000);

  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('creates the database, the admin credential and the server log in ./.luco', () => {
    for (const file of ['luco.db', 'admin-credentials.luco.json', 'server.log']) expect(existsSync(join(dataDir, file))).toBe(true);
    // The server's JSON logs go to the file, not the terminal.
    expect(first.stdout + first.stderr).not.toMatch(/"level":/);
  });

  it('prints the summary and the server URL on stdout, progress on stderr', () => {
    expect(first.stdout).toMatch(/Luco demo: 5 slot sequences, \d+ slots, \d+ submissions/);
    expect(first.stdout).toMatch(/Luco server: http:\/\/127\.0\.0\.1:\d+/);
    for (const name of ['acme/daily-sales', 'acme/orders', 'acme/inventory-snapshot', 'acme/ad-hoc-reprocessing']) expect(first.stdout).toContain(name);
    expect(first.stderr).toContain('Imported 4 slot sequences: 4 Created');
    // The quick starts' sequence (examples/sequences.json), so the README's snippets find it.
    expect(first.stderr).toMatch(/Imported the quick starts' sequences from \S*examples\/sequences\.json: 1 Created/);
    expect(first.stdout).toMatch(/acme\/sales\s+unscheduled\s+0 /);
    expect(first.stderr).toMatch(/Recorded \d+ pipeline runs/);
    expect(first.stderr).not.toContain('\x1b['); // not a TTY, NO_COLOR: plain lines
  });

  it('shows every kind of slot: on time, late, overdue and failed', () => {
    const statuses = slotsByStatus(first.stdout);
    for (const status of ['Delivered', 'DeliveredLate', 'Overdue', 'Failed']) expect(statuses[status], status).toBeGreaterThan(0);
    expect(statuses.DeliveredLate).toBe(1);
    expect(statuses.Overdue).toBe(1);
    expect(statuses.Failed).toBe(1);
  });

  it('records metrics, quality (one failing collection), run environments and a failure message', () => {
    expect(firstCounts.sequences).toBe(5);
    expect(firstCounts.submissions).toBeGreaterThanOrEqual(20);
    expect(firstCounts.metrics).toBeGreaterThan(firstCounts.submissions * 3);
    expect(firstCounts.quality).toBeGreaterThan(0);
    expect(firstCounts.failedQuality).toBe(1);
    // Two per run: the detected environment and the demo's own record.
    expect(firstCounts.runEnvironments).toBe(firstCounts.submissions * 2);
    expect(firstCounts.failedWithMessage).toBe(1);
    expect(firstCounts.deliveredLate).toBe(1);
  });

  it('a second run reuses the data: the import reports Exists, nothing new is recorded, the summary is the same', () => {
    expect(second.stderr).toContain('Imported 4 slot sequences: 4 Exists');
    expect(second.stderr).toMatch(/Imported the quick starts' sequences from \S+: 1 Exists/);
    expect(second.stderr).toContain('Nothing new to record');
    expect(counts(dataDir)).toEqual(firstCounts);
    expect(withoutLinkTokens(withoutPorts(withoutAlerts(second.stdout)))).toBe(withoutLinkTokens(withoutPorts(withoutAlerts(first.stdout))));
    // A new link each run, for the same reader (made once).
    expect(withoutLinkTokens(second.stdout)).not.toBe(second.stdout);
    expect(second.stdout.match(/#link=([\w-]{43})/)?.[1]).not.toBe(first.stdout.match(/#link=([\w-]{43})/)?.[1]);
  });

  it("the demo's alert rule: the overdue, failed and failing-check slots raise alerts, sent signed to its webhook once; a rerun sends nothing again", () => {
    const alerts = alertsSection(first.stdout);
    expect(alerts).toMatch(/open\s+overdue\s+acme\/orders/);
    expect(alerts).toMatch(/open\s+failed\s+acme\/orders/);
    expect(alerts).toMatch(/open\s+quality_failed\s+acme\/daily-sales/);
    expect(alerts).toContain('The webhook received 3 messages this run, 3 with a valid signature.');
    const again = alertsSection(second.stdout);
    expect(again.split('\n').filter((line) => /^\s+open/.test(line))).toHaveLength(3);
    expect(again).toContain('received nothing new this run');
  });

  it('explains a credential file the database refuses (invalid_client): the file, the client, two ways out, and no secret', async () => {
    const file = join(dataDir, 'admin-credentials.luco.json');
    const credential = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
    const wrongSecret = `wrong-${credential.clientSecret}`;
    writeFileSync(file, JSON.stringify({ ...credential, clientSecret: wrongSecret }));
    const failure = (await startDemoOnce(cwd).then(
      () => undefined,
      (error: unknown) => error,
    )) as (Error & Outcome & { code: number }) | undefined;
    expect(failure?.code).toBe(1);
    expect(failure!.stderr).toContain('refused the admin credential in .luco/admin-credentials.luco.json (invalid_client)');
    expect(failure!.stderr).toContain(`client ${credential.clientId}`);
    expect(failure!.stderr).toContain('the database .luco/luco.db has a different admin');
    expect(failure!.stderr).toContain('mv .luco .luco.old && npm start');
    expect(failure!.stderr).toContain('npx luco-server clients create --role admin --name demo --db .luco/luco.db --json > .luco/admin-credentials.luco.json');
    expect(failure!.stderr + failure!.stdout).not.toContain(credential.clientSecret);
  });
});
