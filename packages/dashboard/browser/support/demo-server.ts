import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const DEMO_MAIN = join(REPOSITORY, 'packages/demo/dist/main.js');
const START_TIMEOUT_MS = 180_000;

export interface Credential {
  clientId: string;
  clientSecret: string;
}

/** `npm start`'s demo, running: what the browser tests and the screenshot script look at. */
export interface DemoServer {
  /** e.g. http://127.0.0.1:41234, as the demo printed it. */
  url: string;
  /** The one-time sign-in link the demo printed (for the reader). */
  signInLink: string;
  dataDir: string;
  admin: Credential;
  reader: Credential;
  /** Everything the demo printed on stdout. */
  output: string;
  stop(): Promise<void>;
}

/**
 * Starts the built demo (`node packages/demo/dist/main.js`, what `npm start` runs after its build)
 * on a fresh data folder and a free port, and waits for its summary to name the dashboard link.
 */
export async function startDemoServer(): Promise<DemoServer> {
  if (!existsSync(DEMO_MAIN)) throw new Error(`${DEMO_MAIN} is missing: build first (npm run build)`);
  const root = mkdtempSync(join(tmpdir(), 'lucots-browser-'));
  const dataDir = join(root, '.luco');
  const child = spawn(process.execPath, [DEMO_MAIN, '--port', '0', '--data', dataDir], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', LUCO_DEMO_EXIT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const { url, link } = await new Promise<{ url: string; link: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not print its dashboard link within ${START_TIMEOUT_MS / 1000} s:\n${output}\n${errors}`)), START_TIMEOUT_MS);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        const found = /^\s+(http:\/\/\S+\/ui\/sign-in#link=\S+)\s*$/.exec(line);
        const server = /^Luco server: (\S+)/.exec(output.split('\n').find((one) => one.startsWith('Luco server: ')) ?? '');
        if (found?.[1] && server?.[1]) {
          clearTimeout(timer);
          resolve({ url: server[1], link: found[1] });
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the demo exited before serving:\n${output}\n${errors}`));
      });
    });
    return {
      url,
      signInLink: link,
      dataDir,
      admin: readCredential(join(dataDir, 'admin-credentials.luco.json')),
      reader: readCredential(join(dataDir, 'reader-credentials.luco.json')),
      get output() {
        return output;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readCredential(file: string): Credential {
  const content = JSON.parse(readFileSync(file, 'utf8')) as Credential;
  return { clientId: content.clientId, clientSecret: content.clientSecret };
}

/** A fresh one-time sign-in link for `clientId`, made the way an operator would (`luco-server ui-link`). */
export async function newSignInLink(demo: DemoServer, clientId: string): Promise<string> {
  const bin = join(REPOSITORY, 'packages/server/bin/luco-server.js');
  const child: ChildProcess = spawn(process.execPath, [bin, 'ui-link', '--client', clientId, '--public-url', demo.url, '--db', join(demo.dataDir, 'luco.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`luco-server ui-link exited ${code}: ${err}`);
  return out.trim();
}
