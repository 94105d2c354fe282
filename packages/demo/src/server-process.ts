import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { adminCredentialsFile, readAdminCredentials, type AdminCredentials } from './credentials.js';

/** The bin of @lucots/server, beside this package in the repository (dist/ -> ../../server). */
export const SERVER_BIN = fileURLToPath(new URL('../../server/bin/luco-server.js', import.meta.url));
const LISTENING = /^luco-server listening on (\S+)\s*$/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export const DEFAULT_PORT = 8080;

export interface ServerProcess {
  /** e.g. `http://127.0.0.1:8080`, as the server printed it. */
  readonly url: string;
  /** The SQLite database file. */
  readonly databaseFile: string;
  readonly credentials: AdminCredentials;
  readonly credentialsFile: string;
  readonly logFile: string;
  /** Settles with the exit code when the server exits, for whatever reason. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (the server drains, then closes the database), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** The folder of the SQLite database, the admin credentials and the server's log. */
  dataDir: string;
  /** 0 takes any free port. */
  port: number;
  /** How a path is shown in messages (default: as given). */
  show?: ((path: string) => string) | undefined;
}

/** 8080 when it is free, else 0 (any free port; the server prints the one it got). */
export async function choosePort(preferred = DEFAULT_PORT): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : 0;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Starts `luco-server serve` on the SQLite database in `dataDir`. Its JSON logs (stdout and
 * stderr) go to `dataDir/server.log`; stdout is also read for the one plain line that gives the URL.
 */
export async function startServer(options: StartServerOptions): Promise<ServerProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  const logFile = join(options.dataDir, 'server.log');
  const log = openSync(logFile, 'a');
  // The log grows across runs; a failed start is explained by what this start wrote.
  const logStart = fstatSync(log).size;
  const databaseFile = join(options.dataDir, 'luco.db');
  // The demo's alert webhook listens on loopback, which a server refuses by default; its alert rule
  // looks back over the demo's two weeks of history.
  const args = ['serve', '--db', databaseFile, '--port', String(options.port), '--alert-targets', 'loopback', '--alert-backfill-days', '15'];
  const child = spawn(process.execPath, [SERVER_BIN, ...args], {
    // stderr straight to the file: it then outlives this process's pipes if we die first.
    stdio: ['ignore', 'pipe', log],
  });
  // 'close', not 'exit': it comes after the last stdout line, so nothing is written to a closed file.
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  void exited.then(() => closeSync(log));
  // An exit of ours (a crash included) must not leave the server behind.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const url = await new Promise<string>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else {
        resolve(value!);
      }
    };
    const timer = setTimeout(() => settle(new Error(`luco-server did not start within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`)), START_TIMEOUT_MS);
    // Every stdout line goes on to the log, the listening line included; reading never stops,
    // or a full pipe would block the server.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      writeSync(log, `${line}\n`);
      const match = LISTENING.exec(line);
      if (match?.[1]) settle(undefined, match[1]);
    });
    child.once('error', (error) => settle(new Error(`could not start luco-server: ${error.message}`)));
    void exited.then((code) => settle(new Error(`luco-server exited (code ${code}) before listening; the end of ${logFile}:\n${tail(logFile, logStart)}`)));
  });

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    const credentials = readAdminCredentials(databaseFile, options.show);
    return { url, databaseFile, credentials, credentialsFile: adminCredentialsFile(databaseFile), logFile, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The end of the server's log, to explain a failed start without sending people to the file. */
function tail(file: string, from: number, lines = 10): string {
  try {
    return readFileSync(file).subarray(from).toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
