import type { Database as SqliteConnection } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const DEFAULT_INTERVAL_MS = 250;
/** SQLite's own default, restored if the worker fails. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The worker's code: its own connection copies the WAL back into the database file (PASSIVE:
 * it never waits for, nor blocks, the server's connection). Inline, so it runs the same from
 * the built package and from the TypeScript sources under test; the driver is passed by path.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const connection = new SQLite(workerData.path, { fileMustExist: true });
const timer = setInterval(() => connection.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  connection.close();
  parentPort.close();
});
`;

/**
 * Runs WAL checkpoints on a worker thread instead of inside whichever write happens to cross
 * SQLite's auto-checkpoint threshold: that write used to stall for 5 to 20 ms (copying and
 * syncing the WAL), which was the p99 of metric writes (see docs/benchmarks.md). If the worker
 * fails, the connection goes back to checkpointing itself.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  #stopping = false;
  readonly #exited: Promise<void>;

  constructor(
    private readonly connection: SqliteConnection,
    path: string,
    intervalMs = DEFAULT_INTERVAL_MS,
  ) {
    connection.pragma('wal_autocheckpoint = 0');
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs } });
    // Never keeps the process alive on its own; close() stops it.
    this.#worker.unref();
    this.#worker.on('error', (error) => this.#fallBack(error.message));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    void this.#exited.then(() => {
      if (!this.#stopping) this.#fallBack('it exited');
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#worker.postMessage('stop');
    const timer = setTimeout(() => void this.#worker.terminate(), 2_000);
    await this.#exited;
    clearTimeout(timer);
  }

  #fallBack(reason: string): void {
    if (this.#stopping || !this.connection.open) return;
    this.connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    process.stderr.write(`luco-server: the SQLite checkpoint worker stopped (${reason}); checkpointing inline again\n`);
  }
}
