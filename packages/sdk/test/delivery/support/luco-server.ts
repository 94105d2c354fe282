import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LucoApi, type LucoApiOptions } from '../../../src/index.js';

/** The repository root (tsx is installed there). */
export const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
const SERVER_BIN = join(REPO, 'packages/server/bin/luco-server.js');
const SERVER_DIST = join(REPO, 'packages/server/dist/cli/main.js');
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function assertServerBuilt(): void {
  if (!existsSync(SERVER_DIST)) throw new Error('packages/server is not built: run `npm run build -w @lucots/server` first (npm test builds)');
}

export interface LucoServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Sends a signal and resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A real `luco-server serve` on loopback, its SQLite database in `folder`. */
export async function startLuco(folder: string, port = 0): Promise<LucoServer> {
  assertServerBuilt();
  const child = spawn(process.execPath, [SERVER_BIN, 'serve', '--port', String(port), '--db', join(folder, 'luco.db'), '--log-level', 'warn'], {
    cwd: folder,
    env: { ...process.env, LUCO_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`luco-server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /luco-server listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`luco-server exited early:\n${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export async function adminCredentials(folder: string): Promise<Credentials> {
  const content = JSON.parse(await readFile(join(folder, 'admin-credentials.json'), 'utf8')) as Credentials;
  return { clientId: content.clientId, clientSecret: content.clientSecret };
}

export function apiFor(url: string, credentials: Credentials, extra: Partial<LucoApiOptions> = {}): LucoApi {
  return new LucoApi({ baseUrl: url, tokenUrl: `${url}/oauth2/token`, resourceId: 'luco', ...credentials, logLevel: 'off', env: {}, timeout: 5_000, ...extra });
}

/** A bearer token, for the reads the SDK has no method for. */
export async function bearer(url: string, credentials: Credentials): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials&scope=luco%2F.default',
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

export async function getJson<T>(url: string, token: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a fixture script in its own Node process (TypeScript through tsx). */
export function runScript(script: string, config: unknown, timeoutMs = 30_000): Promise<ScriptResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(FIXTURES, script)], {
    cwd: REPO,
    env: { ...process.env, DELIVERY_TEST_CONFIG: JSON.stringify(config), LUCO_LOG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish in ${timeoutMs} ms (does something keep it alive?)\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last JSON line a script printed. */
export function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n').filter((line) => line.startsWith('{'));
  const last = lines.at(-1);
  if (!last) throw new Error(`no JSON output in:\n${stdout}`);
  return JSON.parse(last) as T;
}
