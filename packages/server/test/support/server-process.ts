import { execFile } from 'node:child_process';
import { assertServerBuilt, type LucoServerProcess, startLucoServer } from '../../../../scripts/luco-server-process.mjs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

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
