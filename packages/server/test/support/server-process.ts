import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { assertServerBuilt, type LucoServerProcess, startLucoServer } from '../../../../scripts/luco-server-process.mjs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { adminCredentialsFile } from '../../src/cli/admin-credentials-file.js';
import { isPostgresUrl } from '../../src/storage/db.js';

export const BIN = fileURLToPath(new URL('../../bin/luco-server.js', import.meta.url));
export const assertBuilt = assertServerBuilt;

/** Runs `luco-server ARGS` to completion. */
export async function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  assertBuilt();
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export type ServerProcess = LucoServerProcess;

/** Starts `luco-server serve --port 0 ARGS` and resolves once it prints its URL. */
export function startServer(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  return startLucoServer({ args, ...options });
}

/** The first-start admin that `luco-server serve` (run in `cwd` on `target`) wrote for that database. */
export function adminCredentialsOf(cwd: string, target = join('.luco', 'luco.db')): { clientId: string; clientSecret: string } {
  // The server resolves names from its own working directory: a SQLite path from cwd, a PostgreSQL file in cwd/.luco.
  const file = isPostgresUrl(target) ? join(cwd, '.luco', basename(adminCredentialsFile(target))) : adminCredentialsFile(resolve(cwd, target));
  return JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
}
