// Starts a real `luco-server serve` for tests (server, CLI, SDK delivery): spawns the built
// binary, waits for the URL it prints, and keeps its output for failure messages.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../packages/server/bin/luco-server.js', import.meta.url));
const DIST = fileURLToPath(new URL('../packages/server/dist/cli/main.js', import.meta.url));

export function assertServerBuilt() {
  if (!existsSync(DIST)) throw new Error('packages/server is not built: run `npm run build` first (npm test does)');
}

export async function startLucoServer({ args = [], cwd, env = {}, port = 0, timeoutMs = 20_000 }) {
  assertServerBuilt();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`luco-server did not start:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /luco-server listening on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`luco-server exited early:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
