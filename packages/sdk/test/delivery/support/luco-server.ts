import { type ChildProcess, spawn } from 'node:child_process';
import { assertServerBuilt, startLucoServer } from '../../../../../scripts/luco-server-process.mjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LucoApi, type LucoApiOptions } from '../../../src/index.js';

/** The repository root (tsx is installed there). */
export const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export { assertServerBuilt };

export interface LucoServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Sends a signal and resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A real `luco-server serve` on loopback, its SQLite database in `folder`. */
export async function startLuco(folder: string, port = 0): Promise<LucoServer> {
  const server = await startLucoServer({ args: ['--db', join(folder, 'luco.db'), '--log-level', 'warn'], cwd: folder, env: { LUCO_DATABASE_URL: '' }, port });
  return {
    url: server.url,
    port: Number(new URL(server.url).port),
    child: server.child,
    stop: async (signal = 'SIGTERM') => {
      await server.stop(signal);
    },
  };
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** The admin a server wrote beside its database `<folder>/<stem>.db` (the server names the file after the database). */
export async function adminCredentials(folder: string, stem = 'luco'): Promise<Credentials> {
  const content = JSON.parse(await readFile(join(folder, `admin-credentials.${stem}.json`), 'utf8')) as Credentials;
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
