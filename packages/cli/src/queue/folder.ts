import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { CliError, EXIT } from '../exit-codes.js';

/**
 * The folder luco keeps queued writes in: `--queue-dir`, else `LUCO_QUEUE_DIR`, else
 * `$XDG_STATE_HOME/luco/queue`, else `~/.local/state/luco/queue`.
 */
export function queueDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  if (env.LUCO_QUEUE_DIR) return resolve(env.LUCO_QUEUE_DIR);
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const base = env.XDG_STATE_HOME && isAbsolute(env.XDG_STATE_HOME) ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'luco', 'queue');
}

/**
 * Creates the folder (and its missing parents) readable by its owner only (0700): queued writes
 * hold metrics and messages. A folder that already exists keeps its permissions.
 */
export async function ensureQueueDir(dir: string): Promise<void> {
  try {
    const created = await mkdir(dir, { recursive: true, mode: 0o700 });
    // A umask can only narrow 0700 (an odd one could lock the owner out): make it exactly 0700.
    if (created !== undefined) await chmod(dir, 0o700);
  } catch (error) {
    throw new CliError(`cannot create the queue folder ${dir}: ${(error as Error).message}`, EXIT.failure);
  }
}

/** What waits for one server (the base URL and client id the writes were queued for). */
export interface ServerQueue {
  /** null: queued by an older luco, which did not record the server (`luco queue flush --to-current` delivers them). */
  baseUrl: string | null;
  clientId: string | null;
  queued: number;
  oldest: Date | null;
  kinds: Record<string, number>;
  submissions: number;
}

export interface QueueContents {
  folder: string;
  /** Writes not yet delivered (nor dead-lettered or dropped), for every server. */
  queued: number;
  /** When the oldest of them was queued. */
  oldest: Date | null;
  /** How many of each kind (slot, submission, metrics, status, quality, runEnvironment). */
  kinds: Record<string, number>;
  /** Submissions among them: runs whose creation is still queued. */
  submissions: number;
  /** The same, server by server, the oldest first. */
  servers: ServerQueue[];
}

const SEGMENT = /\.\d{6,}\.jsonl$/;

/**
 * What the folder holds, read without taking it over or sending anything: every `op` record of
 * its JSON Lines files that has no `done` record (the format is in the SDK README, "The folder"),
 * by the server it was queued for. Unreadable lines (a crash mid-write) are skipped, as the SDK
 * skips them.
 */
export async function readQueue(folder: string): Promise<QueueContents> {
  const contents: QueueContents = { folder, queued: 0, oldest: null, kinds: {}, submissions: 0, servers: [] };
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return contents;
    throw new CliError(`cannot read the queue folder ${folder}: ${(error as Error).message}`, EXIT.failure);
  }
  const operations = new Map<string, { kind: string; at: number; target: Target | undefined }>();
  const done = new Set<string>();
  for (const name of names.filter((file) => SEGMENT.test(file)).sort()) {
    // A file deleted meanwhile (a compaction by the process that owns the folder) holds nothing now.
    const text = await readFile(join(folder, name), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        continue;
      }
      if (record === null || typeof record !== 'object') continue;
      const { t, id, kind, at, target } = record as { t?: unknown; id?: unknown; kind?: unknown; at?: unknown; target?: unknown };
      if (typeof id !== 'string') continue;
      if (t === 'done') done.add(id);
      else if (t === 'op' && typeof kind === 'string' && typeof at === 'number') operations.set(id, { kind, at, target: readTarget(target) });
    }
  }
  const servers = new Map<string, ServerQueue>();
  for (const [id, { kind, at, target }] of operations) {
    if (done.has(id)) continue;
    const key = JSON.stringify(target ? [target.baseUrl, target.clientId] : null);
    let server = servers.get(key);
    if (!server) {
      server = { baseUrl: target?.baseUrl ?? null, clientId: target?.clientId ?? null, queued: 0, oldest: null, kinds: {}, submissions: 0 };
      servers.set(key, server);
    }
    for (const tally of [contents, server]) {
      tally.queued++;
      tally.kinds[kind] = (tally.kinds[kind] ?? 0) + 1;
      if (kind === 'submission') tally.submissions++;
      if (tally.oldest === null || at < tally.oldest.getTime()) tally.oldest = new Date(at);
    }
  }
  contents.servers = [...servers.values()].sort((a, b) => (a.oldest?.getTime() ?? 0) - (b.oldest?.getTime() ?? 0));
  return contents;
}

/** A server as writes record it: the LucoApi's base URL (normalised by the SDK) and client id. */
export interface Target {
  baseUrl: string;
  clientId: string | null;
}

function readTarget(value: unknown): Target | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { baseUrl, clientId } = value as { baseUrl?: unknown; clientId?: unknown };
  if (typeof baseUrl !== 'string' || !(typeof clientId === 'string' || clientId === null)) return undefined;
  return { baseUrl, clientId };
}

/** Whether the writes of `server` are for `target`. */
export function isFor(server: ServerQueue, target: Target): boolean {
  return server.baseUrl === target.baseUrl && server.clientId === target.clientId;
}

/** `http://luco:8080 (client abc)`, or what an unknown server is. */
export function serverText(server: Pick<ServerQueue, 'baseUrl' | 'clientId'>): string {
  if (server.baseUrl === null) return 'an unknown server (queued by an older luco)';
  return `${server.baseUrl} (${server.clientId === null ? 'no client id' : `client ${server.clientId}`})`;
}
