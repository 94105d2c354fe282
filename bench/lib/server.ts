import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLucoServer, type LucoServerProcess } from '../../scripts/luco-server-process.mjs';
import type { PostgresCluster } from './postgres.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** PostgreSQL servers need a key-encryption key; one per bench run, so restarts on a seeded database read its keys. */
export const BENCH_KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

export interface BenchServer {
  kind: DatabaseKind;
  url: string;
  pid: number;
  /** The database the server runs on (a SQLite file or a PostgreSQL URL). */
  target: string;
  credentials: { clientId: string; clientSecret: string };
  /** A bearer token of the bootstrapped admin, fetched once. */
  token: string;
  /** The server process's resident set size now, in MiB (Linux /proc). */
  rssMiB(): number;
  /** What the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** An existing database to serve (e.g. one seeded by the growth benchmark). */
  target?: string | undefined;
  /** Needed for `postgres` when no target is given. */
  postgres?: PostgresCluster | undefined;
  args?: string[] | undefined;
  /** Extra environment for the server process (e.g. NODE_OPTIONS for a profile). */
  env?: NodeJS.ProcessEnv | undefined;
}

/** Starts a real `luco-server serve` process on loopback with authentication on, as deployed. */
export async function startBenchServer(kind: DatabaseKind, options: BenchServerOptions = {}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'luco-bench-'));
  const ownDatabase = options.target === undefined && kind === 'postgres';
  const target = options.target ?? (kind === 'sqlite' ? join(dir, 'luco.db') : await requirePostgres(options.postgres).createDatabase());
  const server: LucoServerProcess = await startLucoServer({ cwd: dir, args: ['--db', target, '--host', '127.0.0.1', ...(options.args ?? [])], env: { LUCO_LOG_LEVEL: 'warn', LUCO_KEY_ENCRYPTION_KEY: kind === 'postgres' ? BENCH_KEY_ENCRYPTION_KEY : '', ...options.env } });
  const pid = server.child.pid;
  if (pid === undefined) throw new Error('luco-server has no pid');
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    if (ownDatabase) await options.postgres?.dropDatabase(target);
  };
  try {
    const credentials = readAdminCredentials(kind === 'sqlite' ? [dirname(target), dir] : [dir]);
    const token = await fetchToken(server.url, credentials);
    return { kind, url: server.url, pid, target, credentials, token, rssMiB: () => processRssMiB(pid), output: () => server.output(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function requirePostgres(cluster: PostgresCluster | undefined): PostgresCluster {
  if (!cluster) throw new Error('no PostgreSQL for this benchmark: set LUCO_BENCH_PG_URL or install postgresql-15');
  return cluster;
}

/** The bootstrap admin's secret: `admin-credentials.<database>.json` beside a SQLite file, or in ./.luco for PostgreSQL. */
function readAdminCredentials(dirs: string[]): { clientId: string; clientSecret: string } {
  const candidates = dirs.flatMap((dir) => [dir, join(dir, '.luco')]).flatMap((dir) => (existsSync(dir) ? readdirSync(dir).filter((name) => /^admin-credentials\..+\.json$/.test(name)).map((name) => join(dir, name)) : []));
  const file = candidates[0];
  if (!file) throw new Error(`luco-server wrote no admin credentials in ${dirs.join(' or ')} (is the database empty?)`);
  const { clientId, clientSecret } = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
  return { clientId, clientSecret };
}

async function fetchToken(url: string, credentials: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret, scope: 'luco/.default' }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function processRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for process ${pid}`);
  return kib / 1024;
}
