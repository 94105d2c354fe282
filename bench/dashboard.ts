// Dashboard page loads (issue 15, "Measured"): the estate overview with 1,000 sequences and
// 100,000 slots, first contentful paint and its data on screen in < 1 s in headless Chromium;
// a sequence page (a daily sequence with a year of slots: calendar cells and metric charts)
// in < 500 ms; the JavaScript bundle under 250 kB gzip. Per database: the estate seeded through
// the storage layer, a real luco-server on it serving the built dashboard, a session cookie from
// POST /lucots/v1/session, then cold loads (a new browser context each) interleaved page by page.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { coldLoad, launchChromium, type LoadSample, type ReadyWhen } from './dashboard/browser.js';
import { seedDashboard, YEAR_SEQUENCE_ID, YEAR_SLOTS } from './dashboard/seed.js';
import { databaseSizeMiB } from './growth/seed.js';
import type { Benchmark, BenchContext } from './lib/context.js';
import { writeResults } from './lib/results.js';
import { startBenchServer, type BenchServer, type DatabaseKind } from './lib/server.js';
import { distribution, elapsedMs, round, type Distribution } from './lib/stats.js';
import { printTable } from './lib/table.js';

const BUNDLE_SIZE_SCRIPT = fileURLToPath(new URL('../packages/dashboard/scripts/bundle-size.mjs', import.meta.url));
/**
 * The dashboard builds served: the server's own (packages/server/dist/ui), or several
 * (LUCO_BENCH_UI_DIRS=a,b, e.g. builds before and after a change), each by its own server on its
 * own copy of the estate, loaded in turn sample by sample so the machine's ups and downs fall on
 * all of them alike.
 */
const UI_DIRS = (process.env.LUCO_BENCH_UI_DIRS ?? fileURLToPath(new URL('../packages/server/dist/ui', import.meta.url)))
  .split(',')
  .map((dir) => dir.trim())
  .filter(Boolean)
  .map((dir) => {
    // Absolute: the servers run in temporary folders.
    const absolute = resolve(dir);
    if (!existsSync(join(absolute, 'index.html'))) throw new Error(`no dashboard build in ${absolute} (run npm run build)`);
    return absolute;
  });
const TARGETS = { overviewMs: 1000, sequenceMs: 500, jsGzipKB: 250 };
/** The overview's page size (the dashboard's PAGE_SIZE): the rows a first page shows. */
const OVERVIEW_ROWS = 50;

interface PageSpec {
  name: string;
  path: string;
  targetMs: number;
  ready: ReadyWhen;
  /** What the page must show once ready; a wrong page is an error, not a figure. */
  check(sample: LoadSample): string | undefined;
}

const PAGES: PageSpec[] = [
  {
    name: 'overview',
    path: '/ui/',
    targetMs: TARGETS.overviewMs,
    ready: { present: ['[data-testid=sequence-row]'], filled: ['[data-testid=overview-count]'] },
    check: (sample) => (sample.count === OVERVIEW_ROWS ? undefined : `${sample.count} sequence rows, expected ${OVERVIEW_ROWS}`),
  },
  {
    name: `sequence (month, 90-day trends)`,
    path: `/ui/sequences/${YEAR_SEQUENCE_ID}`,
    targetMs: TARGETS.sequenceMs,
    ready: { present: ['[data-testid=calendar-cell]', '[data-testid=metric-chart-canvas]'], each: { each: '[data-testid=metric-chart-canvas]', inside: 'canvas' } },
    check: (sample) => (sample.count >= 28 ? undefined : `${sample.count} calendar cells, expected a month of them`),
  },
  {
    name: `sequence (month, 365-day trends)`,
    path: `/ui/sequences/${YEAR_SEQUENCE_ID}?days=365`,
    targetMs: TARGETS.sequenceMs,
    ready: { present: ['[data-testid=calendar-cell]', '[data-testid=metric-chart-canvas]'], each: { each: '[data-testid=metric-chart-canvas]', inside: 'canvas' } },
    check: (sample) => (sample.count >= 28 ? undefined : `${sample.count} calendar cells, expected a month of them`),
  },
];

interface PageResult {
  page: string;
  path: string;
  targetMs: number;
  fcp: Distribution;
  dataOnScreen: Distribution;
  documentEnd: Distribution;
  /** Per API path, as the browser timed the request. */
  api: Record<string, Distribution>;
  scripts: LoadSample['scripts'];
  firstLoad: { fcp: number; dataOnScreen: number };
}

interface DatabaseResult {
  database: DatabaseKind;
  seed: { slots: number; submissions: number; statusEvents: number; metricRows: number; slotStatuses: Record<string, number>; seconds: number; databaseMiB: number };
  /** Warm requests from Node over loopback (keep-alive) to the first build's server, ms. */
  apiWarm: Record<string, Distribution>;
  builds: Array<{ uiDir: string; pages: PageResult[] }>;
}

/** One dashboard build served on its own copy of the estate. */
interface Served {
  uiDir: string;
  server: BenchServer;
  cookie: string;
  first: LoadSample[];
  samples: LoadSample[][];
}

async function run(context: BenchContext): Promise<void> {
  const size = context.quick ? { slots: 10_000, submissions: 12_000, samples: 3, apiSamples: 10 } : { slots: 100_000, submissions: 120_000, samples: 20, apiSamples: 50 };
  const bundle = bundleSize();
  const browser = await launchChromium();
  const results: DatabaseResult[] = [];
  try {
    for (const database of context.databases) results.push(await measure(database, context, browser, size));
  } finally {
    await browser.close();
  }
  report(results, bundle, size.samples);
  writeResults('dashboard', { size, targets: TARGETS, chromium: browser.version(), bundle, databases: results });
}

async function measure(database: DatabaseKind, context: BenchContext, browser: Browser, size: { slots: number; submissions: number; samples: number; apiSamples: number }): Promise<DatabaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'luco-dashboard-'));
  const targets: string[] = [];
  const served: Served[] = [];
  try {
    const now = Date.now();
    log(`${database}: seeding ${size.slots} slots`);
    const first = await newTarget(database, context, dir, 0);
    targets.push(first);
    const seeded = await seedDashboard(first, size.slots, size.submissions, now);
    const databaseMiB = await databaseSizeMiB(first);
    log(`${database}: seeded ${seeded.seed.rows.slots} slots, ${seeded.seed.rows.submissions} submissions in ${seeded.seed.seconds.toFixed(1)} s (${databaseMiB.toFixed(0)} MiB)`);
    // Another build gets the same estate: a copy of the SQLite file (checkpointed above), or the same seed again.
    for (let index = 1; index < UI_DIRS.length; index++) {
      const target = await newTarget(database, context, dir, index);
      targets.push(target);
      if (database === 'sqlite') copyFileSync(first, target);
      else await seedDashboard(target, size.slots, size.submissions, now);
    }
    for (const [index, uiDir] of UI_DIRS.entries()) {
      const server = await startBenchServer(database, { target: targets[index]!, postgres: context.postgres, args: ['--ui-dir', uiDir] });
      served.push({ uiDir, server, cookie: '', first: [], samples: PAGES.map(() => []) });
    }
    for (const entry of served) {
      await waitUntilQuiet(entry.server.pid);
      await verify(entry.server, size.slots);
      entry.cookie = await signIn(entry.server);
    }
    const apiWarm = await timeApi(served[0]!.server, served[0]!.cookie, size.apiSamples);

    // One unmeasured round first: the server's first answers (and the calendar's first
    // materialisation of the month ahead) are not what a viewer of a running server waits for.
    for (const entry of served) for (const page of PAGES) entry.first.push(await load(browser, entry, page));
    for (let round = 0; round < size.samples; round++) {
      for (const [index, page] of PAGES.entries()) for (const entry of served) entry.samples[index]!.push(await load(browser, entry, page));
    }
    const builds = served.map((entry) => ({ uiDir: entry.uiDir, pages: PAGES.map((page, index) => summarise(page, entry.samples[index]!, entry.first[index]!)) }));
    for (const build of builds) {
      for (const page of build.pages) log(`${database}${builds.length > 1 ? ` ${build.uiDir}` : ''}: ${page.page}: FCP p50 ${page.fcp.p50} ms, data p50 ${page.dataOnScreen.p50} ms, max ${page.dataOnScreen.max} ms`);
    }
    return {
      database,
      seed: {
        slots: seeded.seed.rows.slots,
        submissions: seeded.seed.rows.submissions,
        statusEvents: seeded.seed.rows.statusEvents,
        metricRows: seeded.metricRows,
        slotStatuses: seeded.slotStatuses,
        seconds: round(seeded.seed.seconds, 1),
        databaseMiB: round(databaseMiB, 1),
      },
      apiWarm,
      builds,
    };
  } finally {
    for (const entry of served) await entry.server.stop();
    if (database === 'postgres') for (const target of targets) await context.postgres?.dropDatabase(target);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh database for build `index`: a SQLite file in its own folder (the server writes the admin's credentials beside it), or a PostgreSQL database. */
async function newTarget(database: DatabaseKind, context: BenchContext, dir: string, index: number): Promise<string> {
  if (database === 'postgres') return requirePostgres(context).createDatabase();
  const folder = join(dir, String(index));
  mkdirSync(folder);
  return join(folder, 'dashboard.db');
}

function summarise(page: PageSpec, taken: LoadSample[], first: LoadSample): PageResult {
  const apiPaths = [...new Set(taken.flatMap((sample) => Object.keys(sample.api)))];
  return {
    page: page.name,
    path: page.path,
    targetMs: page.targetMs,
    fcp: rounded(distribution(taken.map((sample) => sample.fcp))),
    dataOnScreen: rounded(distribution(taken.map((sample) => sample.dataOnScreen))),
    documentEnd: rounded(distribution(taken.map((sample) => sample.documentEnd))),
    api: Object.fromEntries(apiPaths.map((path) => [path, rounded(distribution(taken.flatMap((sample) => (sample.api[path] === undefined ? [] : [sample.api[path]!]))))])),
    scripts: taken[0]!.scripts,
    firstLoad: { fcp: round(first.fcp, 1), dataOnScreen: round(first.dataOnScreen, 1) },
  };
}

async function load(browser: Browser, served: Served, page: PageSpec): Promise<LoadSample> {
  const sample = await coldLoad(browser, `${served.server.url}${page.path}`, served.cookie, page.ready);
  const wrong = page.check(sample);
  if (wrong) throw new Error(`${page.path}: ${wrong}`);
  return sample;
}

/** POST /lucots/v1/session with the admin's credentials: the `luco_session` cookie's value. */
async function signIn(server: BenchServer): Promise<string> {
  const response = await fetch(`${server.url}/lucots/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(server.credentials) });
  if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
  const value = /(?:^|;\s*|,\s*)luco_session=([^;]+)/.exec(response.headers.getSetCookie().join(', '))?.[1];
  if (!value) throw new Error('sign-in set no luco_session cookie');
  return value;
}

/** The overview answers for the whole seeded estate (a server on the wrong data would time nothing useful). */
async function verify(server: BenchServer, slots: number): Promise<void> {
  const items: Array<{ slotSequenceId: number; slots: number }> = [];
  let totalCount = 0;
  for (let page = 1; page <= 2; page++) {
    const answer = await getJson<{ totalCount: number; slotSequences: Array<{ slotSequenceId: number; slots: number }> }>(server, `/v2/slotsequences/overview?isActive=true&pageNumber=${page}&pageSize=500`);
    totalCount = answer.totalCount;
    items.push(...answer.slotSequences);
  }
  const total = items.reduce((sum, item) => sum + item.slots, 0);
  if (totalCount !== 1000 || items.length !== 1000 || total < slots) throw new Error(`the overview shows ${totalCount} sequences with ${total} slots; seeded 1000 with ${slots}`);
  const year = items.find((item) => item.slotSequenceId === YEAR_SEQUENCE_ID);
  if (!year || year.slots < YEAR_SLOTS) throw new Error(`sequence ${YEAR_SEQUENCE_ID} shows ${year?.slots} slots, seeded ${YEAR_SLOTS}`);
}

/**
 * The API calls the two pages make, with the pages' own queries (the calendar's month, the trends'
 * 90 and 365 days; dates in UTC, the year sequence's zone is London's), timed warm from Node: what
 * the server spends, without the browser.
 */
async function timeApi(server: BenchServer, cookie: string, samples: number): Promise<Record<string, Distribution>> {
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const today = day(0);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const monthEnd = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  const series = `/lucots/v1/slot-sequences/${YEAR_SEQUENCE_ID}/metric-series`;
  const calls: Record<string, string> = {
    'GET /lucots/v1/session (cookie)': '/lucots/v1/session',
    'GET /v2/slotsequences/overview (page 1 of 50)': '/v2/slotsequences/overview?isActive=true&pageNumber=1&pageSize=50',
    'GET /v2/slotsequences/{id}': `/v2/slotsequences/${YEAR_SEQUENCE_ID}?includeDelivery=true`,
    'GET .../calendar (this month)': `/lucots/v1/slot-sequences/${YEAR_SEQUENCE_ID}/calendar?from=${today.slice(0, 8)}01&to=${monthEnd}`,
    'GET .../metric-series (90 days)': `${series}?from=${day(-89)}&to=${today}`,
    'GET .../metric-series (365 days)': `${series}?from=${day(-364)}&to=${today}`,
  };
  const out: Record<string, Distribution> = {};
  for (const [name, path] of Object.entries(calls)) {
    for (let i = 0; i < 3; i++) await getJson(server, path, cookie);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = process.hrtime.bigint();
      await getJson(server, path, cookie);
      times.push(elapsedMs(start));
    }
    out[name] = rounded(distribution(times));
  }
  return out;
}

/** A GET as the bootstrapped admin: with the session cookie as the dashboard sends it, else the bearer token. */
async function getJson<T>(server: BenchServer, path: string, cookie?: string): Promise<T> {
  const headers: Record<string, string> = cookie === undefined ? { authorization: `Bearer ${server.token}` } : { cookie: `luco_session=${cookie}` };
  const response = await fetch(`${server.url}${path}`, { headers });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Waits until the server has used under 5% of a core for two seconds running: on a freshly
 * seeded estate the alerts engine first records the health of the slots whose deadlines passed.
 */
async function waitUntilQuiet(pid: number): Promise<void> {
  const deadline = Date.now() + 180_000;
  let quietSeconds = 0;
  while (quietSeconds < 2) {
    if (Date.now() > deadline) throw new Error('the server did not settle within 3 minutes');
    const before = cpuMs(pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    quietSeconds = cpuMs(pid) - before < 50 ? quietSeconds + 1 : 0;
  }
}

/** utime + stime of a process, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface BundleSize {
  jsBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
}

/** packages/dashboard/scripts/bundle-size.mjs on the build the server serves. */
function bundleSize(): BundleSize {
  return JSON.parse(execFileSync(process.execPath, [BUNDLE_SIZE_SCRIPT, '--json'], { encoding: 'utf8' })) as BundleSize;
}

function report(results: DatabaseResult[], bundle: BundleSize, samples: number): void {
  const several = UI_DIRS.length > 1;
  const each = <T>(row: (result: DatabaseResult, build: DatabaseResult['builds'][number], page: PageResult) => T) =>
    results.flatMap((result) => result.builds.flatMap((build) => build.pages.map((page) => row(result, build, page))));
  printTable(
    `Cold page loads in headless Chromium, ms after navigation start (${samples} samples, a new context each)`,
    each((result, build, page) => ({
      database: result.database,
      ...(several ? { build: build.uiDir } : {}),
      page: page.page,
      'FCP p50': page.fcp.p50,
      'FCP max': page.fcp.max,
      'data on screen p50': page.dataOnScreen.p50,
      'data p95': page.dataOnScreen.p95,
      'data max': page.dataOnScreen.max,
      target: `< ${page.targetMs}`,
      met: page.dataOnScreen.max < page.targetMs ? 'ok' : page.dataOnScreen.p50 < page.targetMs ? 'p50 only' : 'MISS',
    })),
  );
  printTable(
    'API calls as the browser timed them (ms, request start to response end)',
    each((result, build, page) =>
      Object.entries(page.api).map(([path, dist]) => ({ database: result.database, ...(several ? { build: build.uiDir } : {}), page: page.page, call: path, p50: dist.p50, max: dist.max })),
    ).flat(),
  );
  printTable(
    'The same calls warm from Node over loopback (ms)',
    results.flatMap((result) => Object.entries(result.apiWarm).map(([call, dist]) => ({ database: result.database, call, p50: dist.p50, p95: dist.p95, max: dist.max }))),
  );
  const rows: Array<Record<string, string | number>> = [
    { what: 'all JavaScript (packages/dashboard/dist)', files: bundle.files.filter((file) => file.file.endsWith('.js')).length, 'raw kB': round(bundle.jsBytes / 1000, 1), 'gzip kB': round(bundle.jsGzipBytes / 1000, 1), target: `< ${TARGETS.jsGzipKB}` },
  ];
  for (const build of results[0]?.builds ?? []) {
    // Gzipped as bundle-size.mjs does, from the build the server served.
    const gzipOf = (file: string) => gzipSync(readFileSync(join(build.uiDir, 'assets', file)), { level: 9 }).length;
    for (const page of build.pages.slice(0, 2)) {
      const files = page.scripts.map((script) => script.file);
      rows.push({ what: `loaded by the ${page.page.split(' ')[0]} page${several ? ` (${build.uiDir})` : ''}`, files: files.length, 'gzip kB': round(files.reduce((sum, file) => sum + gzipOf(file), 0) / 1000, 1) });
    }
  }
  printTable('Dashboard JavaScript (gzip level 9)', rows);
}

function rounded(dist: Distribution): Distribution {
  return { n: dist.n, mean: round(dist.mean, 1), p50: round(dist.p50, 1), p95: round(dist.p95, 1), p99: round(dist.p99, 1), max: round(dist.max, 1) };
}

function requirePostgres(context: BenchContext) {
  if (!context.postgres) throw new Error('dashboard on postgres needs a PostgreSQL cluster');
  return context.postgres;
}

function log(message: string): void {
  process.stderr.write(`dashboard: ${message}\n`);
}

export const dashboard: Benchmark = { name: 'dashboard', summary: 'dashboard cold loads in headless Chromium, 1,000 sequences and 100,000 slots (overview < 1 s, sequence page < 500 ms); bundle size', run };
