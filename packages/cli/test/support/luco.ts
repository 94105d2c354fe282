import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LUCO_BIN = fileURLToPath(new URL('../../bin/luco.js', import.meta.url));
const LUCO_DIST = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface LucoResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface LucoOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
}

const homes: string[] = [];

/** Removes the temporary homes isolatedEnv made (call it in afterAll). */
export function removeHomes(): void {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
}

/**
 * The environment luco runs with in tests: the parent's, less anything that would leak the
 * developer's own Luco settings or colour preferences, with a private HOME, XDG_CONFIG_HOME and
 * XDG_STATE_HOME (so each call has its own `luco run` queue folder: tests never share a backlog).
 */
export function isolatedEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('LUCO_') || key === 'NO_COLOR' || key === 'FORCE_COLOR' || key === 'XDG_CONFIG_HOME' || key === 'XDG_STATE_HOME') continue;
    env[key] = value;
  }
  const home = mkdtempSync(join(tmpdir(), 'luco-cli-home-'));
  homes.push(home);
  env.HOME = home;
  env.XDG_CONFIG_HOME = join(home, '.config');
  env.XDG_STATE_HOME = join(home, '.local', 'state');
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** The queue folder `luco run` uses by default with an isolatedEnv. */
export function defaultQueueDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_STATE_HOME as string, 'luco', 'queue');
}

/** Spawns the real `luco` binary (node bin/luco.js); stdin is `input`, or empty. */
export function spawnLuco(args: readonly string[], options: LucoOptions = {}): ChildProcess {
  if (!existsSync(LUCO_DIST)) throw new Error('packages/cli is not built: run `npm run build -w @lucots/sdk && npm run build -w @lucots/cli`');
  const child = spawn(process.execPath, [LUCO_BIN, ...args], { env: options.env as NodeJS.ProcessEnv, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.end(options.input ?? '');
  return child;
}

export function collect(child: ChildProcess): Promise<LucoResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function luco(args: readonly string[], options: LucoOptions = {}): Promise<LucoResult> {
  return collect(spawnLuco(args, options));
}

/** Runs luco with --json, expects exit 0, and parses stdout. */
export async function lucoJson<T = unknown>(args: readonly string[], options: LucoOptions = {}): Promise<T> {
  const result = await luco([...args, '--json'], options);
  if (result.code !== 0) throw new Error(`luco ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
