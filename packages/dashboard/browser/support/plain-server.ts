import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Credential } from './demo-server.js';

const SERVER_BIN = fileURLToPath(new URL('../../../server/bin/luco-server.js', import.meta.url));

export interface PlainServer {
  url: string;
  admin: Credential;
  stop(): Promise<void>;
}

/** A built `luco-server serve` on an empty SQLite database of its own, for tests that change data. */
export async function startPlainServer(): Promise<PlainServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lucots-browser-plain-'));
  const child = spawn(process.execPath, [SERVER_BIN, 'serve', '--db', join(dir, 'luco.db'), '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('luco-server did not start within 30 s')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^luco-server listening on (\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => reject(new Error('luco-server exited before listening')));
  });
  const admin = JSON.parse(readFileSync(join(dir, 'admin-credentials.luco.json'), 'utf8')) as Credential;
  return {
    url,
    admin: { clientId: admin.clientId, clientSecret: admin.clientSecret },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
