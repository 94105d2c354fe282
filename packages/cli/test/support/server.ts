import { execFile } from 'node:child_process';
import { startLucoServer } from '../../../../scripts/luco-server-process.mjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LucoApi } from '@lucots/sdk';

const SERVER_BIN = fileURLToPath(new URL('../../../server/bin/luco-server.js', import.meta.url));

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface TestServer {
  url: string;
  folder: string;
  db: string;
  admin: Credentials;
  /** LUCO_* variables pointing luco at this server as its first admin. */
  lucoEnv(credentials?: Credentials): Record<string, string>;
  /** The SDK, in process, as the admin: for setting up and checking what luco did, quickly. */
  sdk: LucoApi;
  /** A GET with an admin token, for checks the CLI has no read command for (status history, run environments). */
  get(path: string): Promise<unknown>;
  /** `luco-server clients create`: another client with this role. */
  createClient(role: 'reader' | 'writer' | 'admin'): Promise<Credentials>;
  stop(): Promise<void>;
}

/**
 * A real luco-server on a free port with a fresh SQLite database in a temporary folder, the way
 * the server's own tests start it (packages/server/test/support/server-process.ts).
 */
export async function startServer(extraArgs: string[] = []): Promise<TestServer> {
  const folder = await mkdtemp(join(tmpdir(), 'luco-cli-server-'));
  const db = join(folder, 'luco.db');
  const serverProcess = await startLucoServer({ args: ['--db', db, '--log-level', 'warn', ...extraArgs], cwd: folder, env: { LUCO_DATABASE_URL: '' }, timeoutMs: 15_000 });
  const url = serverProcess.url;
  const admin = JSON.parse(await readFile(join(folder, 'admin-credentials.luco.json'), 'utf8')) as Credentials;

  let token: string | undefined;
  const server: TestServer = {
    sdk: new LucoApi({ baseUrl: url, tokenUrl: `${url}/oauth2/token`, clientId: admin.clientId, clientSecret: admin.clientSecret, resourceId: 'luco', logLevel: 'off', env: {} }),
    url,
    folder,
    db,
    admin,
    lucoEnv: (credentials = admin) => ({
      LUCO_BASE_URL: url,
      LUCO_TOKEN_URL: `${url}/oauth2/token`,
      LUCO_CLIENT_ID: credentials.clientId,
      LUCO_CLIENT_SECRET: credentials.clientSecret,
      LUCO_RESOURCE_ID: 'luco',
    }),
    get: async (path) => {
      token ??= await fetchToken(url, admin);
      const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      return response.json();
    },
    createClient: async (role) => {
      const { stdout } = await promisify(execFile)(process.execPath, [SERVER_BIN, 'clients', 'create', '--role', role, '--json', '--db', db], { cwd: folder });
      return JSON.parse(stdout) as Credentials;
    },
    stop: async () => {
      await serverProcess.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
  return server;
}

async function fetchToken(url: string, credentials: Credentials): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=luco%2F.default',
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
