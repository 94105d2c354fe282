/**
 * `npm start`: the LucoTS demo. Starts luco-server on ./.luco, fills it with two weeks of a demo
 * pipeline's history, prints a summary, and serves until Ctrl-C (or exits: --once, LUCO_DEMO_EXIT=1).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemo } from './demo.js';

const USAGE = `Usage: npm start [-- --once] [-- --port <n>]

  --once        exit after the summary instead of serving (or LUCO_DEMO_EXIT=1)
  --port <n>    the server's port (default 8080 when free, else any free port; 0: any)
  --data <dir>  the data folder (default ./.luco)
`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { once: { type: 'boolean' }, port: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = args.port === undefined ? undefined : Number(args.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    process.stderr.write(`--port must be a number from 0 to 65535, got ${JSON.stringify(args.port)}\n`);
    return 2;
  }
  const once = args.once === true || process.env.LUCO_DEMO_EXIT === '1';

  // Ctrl-C during the setup cancels it; once serving, it stops the server. A terminal's Ctrl-C
  // reaches the server child too (same process group); its shutdown is idempotent, so both are fine.
  const stopRequested = new AbortController();
  const onSignal = () => stopRequested.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let demo;
  try {
    demo = await startDemo({ dataDir: resolve(args.data ?? '.luco'), port, out: process.stdout, signal: stopRequested.signal });
  } catch (error) {
    if (stopRequested.signal.aborted) {
      process.stderr.write('Interrupted; luco-server stopped.\n');
      return 130;
    }
    process.stderr.write(`demo failed: ${(error as Error).message}\n`);
    return 1;
  }

  if (once || stopRequested.signal.aborted) {
    await demo.stop();
    return 0;
  }
  process.stdout.write('Serving until Ctrl-C.\n');
  const outcome = await Promise.race([
    new Promise<'signal'>((done) => stopRequested.signal.addEventListener('abort', () => done('signal'), { once: true })),
    demo.server.exited.then(() => 'server-exited' as const),
  ]);
  if (outcome === 'server-exited') {
    process.stderr.write(`luco-server stopped unexpectedly; see ${demo.server.logFile}\n`);
    return 1;
  }
  process.stderr.write('\nStopping luco-server...\n');
  await demo.stop();
  process.stderr.write('Stopped.\n');
  return 0;
}

process.exitCode = await main();
