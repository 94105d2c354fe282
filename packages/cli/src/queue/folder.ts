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

export interface QueueContents {
  folder: string;
  /** Writes not yet delivered (nor dead-lettered or dropped). */
  queued: number;
  /** When the oldest of them was queued. */
  oldest: Date | null;
  /** How many of each kind (slot, submission, metrics, status, quality, runEnvironment). */
  kinds: Record<string, number>;
  /** Submissions among them: runs whose creation is still queued. */
  submissions: number;
}

const SEGMENT = /\.\d{6,}\.jsonl$/;

/**
 * What the folder holds, read without taking it over or sending anything: every `op` record of
 * its JSON Lines files that has no `done` record (the format is in the SDK README, "The folder").
 * Unreadable lines (a crash mid-write) are skipped, as the SDK skips them.
 */
export async function readQueue(folder: string): Promise<QueueContents> {
  const contents: QueueContents = { folder, queued: 0, oldest: null, kinds: {}, submissions: 0 };
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return contents;
    throw new CliError(`cannot read the queue folder ${folder}: ${(error as Error).message}`, EXIT.failure);
  }
  const operations = new Map<string, { kind: string; at: number }>();
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
      const { t, id, kind, at } = record as { t?: unknown; id?: unknown; kind?: unknown; at?: unknown };
      if (typeof id !== 'string') continue;
      if (t === 'done') done.add(id);
      else if (t === 'op' && typeof kind === 'string' && typeof at === 'number') operations.set(id, { kind, at });
    }
  }
  let oldest = Number.POSITIVE_INFINITY;
  for (const [id, { kind, at }] of operations) {
    if (done.has(id)) continue;
    contents.queued++;
    contents.kinds[kind] = (contents.kinds[kind] ?? 0) + 1;
    if (kind === 'submission') contents.submissions++;
    oldest = Math.min(oldest, at);
  }
  if (Number.isFinite(oldest)) contents.oldest = new Date(oldest);
  return contents;
}
