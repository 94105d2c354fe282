import { relative } from 'node:path';
import { LucoApi, type ImportCounts, type Logger } from '@lucots/sdk';
import { dateIn } from './calendar.js';
import { explainRefusedCredential } from './credentials.js';
import { DEMO_SEQUENCES, DEMO_TIME_ZONE, demoStartDate, importItems } from './demo-sequences.js';
import { EXAMPLE_SEQUENCES_FILE, readExampleSequences } from './example-sequences.js';
import { runPipeline, type ImportedSequence, type PipelineReport } from './pipeline.js';
import { Progress, type ProgressStream } from './progress.js';
import { choosePort, startServer, type ServerProcess } from './server-process.js';
import { createStyle, type Style } from './style.js';
import { startAlertReceiver } from './alert-receiver.js';
import { demoAlerts, formatDemoAlerts, type DemoAlerts } from './demo-alerts.js';
import { demoReaderLink, DEMO_LINK_MINUTES, type DemoReaderLink } from './demo-reader.js';
import { collectSummary, formatSummary, type DemoSummary } from './summary.js';

export interface DemoOptions {
  /** Where the database, the admin credential and the server's log live (`./.luco` for `npm start`). */
  dataDir: string;
  /** Default: 8080 when free, else any free port. 0: any free port. */
  port?: number | undefined;
  /** Where the summary goes (stdout). */
  out: ProgressStream;
  /** Where progress goes (default stderr). */
  progressStream?: ProgressStream | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Cancels the setup (Ctrl-C before the demo is ready). */
  signal?: AbortSignal | undefined;
  /** The clock, for tests. */
  now?: (() => Date) | undefined;
  /** The quick starts' sequences, imported beside the demo's (default examples/sequences.json). */
  exampleSequencesFile?: string | undefined;
}

export interface RunningDemo {
  summary: DemoSummary;
  report: PipelineReport;
  imported: ImportCounts;
  /** The demo rule's alerts, and what its webhook received this run. */
  alerts: DemoAlerts;
  /** The dashboard's one-time sign-in link for the demo's reader. */
  dashboard: DemoReaderLink;
  server: ServerProcess;
  /** Stops the server (it drains requests, then closes the database). */
  stop(): Promise<void>;
}

/** Starts the server, imports the demo sequences, records their history, prints the summary; leaves the server up. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const env = options.env ?? process.env;
  const progress = new Progress(options.progressStream ?? process.stderr, env);
  const style = progress.style;
  const where = (path: string) => relative(process.cwd(), path) || '.';
  const now = options.now?.() ?? new Date();

  progress.update('Starting luco-server...');
  const receiver = await startAlertReceiver();
  const server = await startServer({ dataDir: options.dataDir, port: options.port ?? (await choosePort()), show: where });
  try {
    progress.line(`${style.green('✓')} luco-server listening on ${server.url} ${style.dim(`(data in ${where(options.dataDir)}, log in ${where(server.logFile)})`)}`);
    const request = options.signal ? { signal: options.signal } : {};
    const luco = new LucoApi({
      baseUrl: server.url,
      tokenUrl: `${server.url}/oauth2/token`,
      clientId: server.credentials.clientId,
      clientSecret: server.credentials.clientSecret,
      resourceId: 'luco',
      // The demo talks to its own server: LUCO_* variables of the shell must not redirect it.
      env: {},
      // Expected 404s (a sequence or an ad-hoc slot not there yet) are warnings to the SDK; real
      // failures are thrown, so only errors are worth a line here.
      logLevel: 'error',
      logger: progressLogger(progress),
    });

    const today = dateIn(DEMO_TIME_ZONE, now);
    const startDate = await demoStartDate(luco, today);
    progress.update('Importing the demo slot sequences...');
    const imported = await luco.submitSlotSequences(importItems(startDate), request);
    const problems = imported.imports.filter((item) => item.result === 'NotProcessed');
    if (problems.length > 0) throw new Error(`the demo sequences were not imported: ${JSON.stringify(problems)}`);
    progress.line(`${style.green('✓')} Imported ${DEMO_SEQUENCES.length} slot sequences: ${describeCounts(imported.counts)}`);
    const examplesFile = options.exampleSequencesFile ?? EXAMPLE_SEQUENCES_FILE;
    const examples = await luco.submitSlotSequences(readExampleSequences(examplesFile), request);
    const refused = examples.imports.filter((item) => item.result === 'NotProcessed');
    if (refused.length > 0) throw new Error(`the sequences in ${where(examplesFile)} were not imported: ${JSON.stringify(refused)}`);
    progress.line(`${style.green('✓')} Imported the quick starts' sequences from ${where(examplesFile)}: ${describeCounts(examples.counts)}`);

    const sequences: ImportedSequence[] = [];
    for (const [index, sequence] of DEMO_SEQUENCES.entries()) {
      const id = imported.imports[index]?.slotSequenceId;
      sequences.push({ sequence, slotSequenceId: typeof id === 'number' ? id : await luco.findSlotSequenceId(sequence.name, request) });
    }
    const report = await runPipeline({ luco, sequences, startDate, today, now, progress, signal: options.signal });
    progress.line(`${style.green('✓')} ${describeReport(report, startDate, today)}`);

    progress.update('Setting up the demo alert rule and its webhook...');
    const alerts = await demoAlerts(luco, receiver, options.signal);
    progress.update('Reading the overviews...');
    const summary = await collectSummary(luco, request);
    progress.update('Making a dashboard sign-in link...');
    const dashboard = await demoReaderLink(server);
    progress.clear();
    const outStyle = createStyle(options.out, env);
    options.out.write(formatSummary(summary, outStyle));
    options.out.write(formatDemoAlerts(alerts, receiver.url, outStyle));
    options.out.write(`Luco server: ${server.url}  (admin credential: ${where(server.credentialsFile)}; OpenAPI: ${server.url}/openapi.json)\n`);
    options.out.write(formatDashboard(dashboard, server, where, outStyle));
    return {
      summary,
      report,
      imported: imported.counts,
      alerts,
      dashboard,
      server,
      stop: async () => {
        await server.stop();
        await receiver.close();
      },
    };
  } catch (error) {
    progress.clear();
    await server.stop();
    await receiver.close();
    throw explainRefusedCredential(error, server.databaseFile, server.credentials.clientId, where) ?? error;
  }
}

/** The whole demo, then the server is stopped: for tests and `--once`. */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const demo = await startDemo(options);
  await demo.stop();
  return demo.summary;
}

function formatDashboard(link: DemoReaderLink, server: ServerProcess, where: (path: string) => string, style: Style): string {
  return (
    `Dashboard: ${server.url}/ui/  sign in as the demo reader with this one-time link (works once, for ${DEMO_LINK_MINUTES} minutes):\n` +
    `  ${style.bold(link.url)}\n` +
    `  (a new link: npx luco-server ui-link --client ${link.clientId} --public-url ${server.url} --db ${where(server.databaseFile)}; the reader's secret is in ${where(link.credentialsFile)})\n`
  );
}

function describeCounts(counts: ImportCounts): string {
  const names: Record<keyof ImportCounts, string> = {
    created: 'Created',
    exists: 'Exists',
    updated: 'Updated',
    notUpdated: 'NotUpdated (kept as stored)',
    archived: 'Archived',
    notProcessed: 'NotProcessed',
  };
  return (Object.keys(names) as Array<keyof ImportCounts>)
    .filter((key) => counts[key] > 0)
    .map((key) => `${counts[key]} ${names[key]}`)
    .join(', ');
}

function describeReport(report: PipelineReport, startDate: string, today: string): string {
  const extra = [
    report.alreadyRecorded > 0 ? `${report.alreadyRecorded} already recorded` : '',
    report.neverCame > 0 ? `${report.neverCame} never came` : '',
    report.notYetDue > 0 ? `${report.notYetDue} not due yet` : '',
  ].filter(Boolean);
  const recorded = report.recorded > 0 ? `Recorded ${report.recorded} pipeline runs from ${startDate} to ${today}` : 'Nothing new to record';
  return extra.length > 0 ? `${recorded} (${extra.join(', ')})` : recorded;
}

/** SDK warnings through the progress line, so they do not tear it. */
function progressLogger(progress: Progress): Logger {
  const write = (message: string) => progress.line(message);
  return { error: write, warn: write, info: write, debug: write };
}
