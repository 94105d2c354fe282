/**
 * Who holds a FileStore folder: each process registers as a writer (`<tag>.writer`), and one at a
 * time holds `owner.lock`, the right to replay and take over the files of writers that are gone.
 * Both files name their process; a lock or registration whose process is gone is stale. Used by
 * FileStore and file-recovery.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { SdkLog } from '../core/log.js';

/** Who holds a file: the lock, or a writer's registration. */
interface WriterInfo {
  pid: number;
  host: string;
  tag: string;
  since: number;
}

/** A lock or registration file: its holder (undefined when unreadable), its text, and when it was last marked. */
export interface Holder {
  info: WriterInfo | undefined;
  text: string;
  mtimeMs: number;
}

const LOCK_FILE = 'owner.lock';
export const WRITER_NAME = /^(.+)\.writer$/;
/** A lock or registration file still empty after this long was left by a crash mid-creation. */
const UNREADABLE_GRACE_MS = 10_000;

/** Tags of the FileStores open in this process (a lock naming this pid is alive only for them). */
const liveTags = new Set<string>();

export function lockPath(dir: string): string {
  return join(dir, LOCK_FILE);
}

export function writerPath(dir: string, tag: string): string {
  return join(dir, `${tag}.writer`);
}

function writerInfo(tag: string): WriterInfo {
  return { pid: process.pid, host: hostname(), tag, since: Date.now() };
}

/** A tag unique to this process and moment: it names a writer's registration and segments. */
export function newWriterTag(): string {
  return `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Registers this process as a writer in the folder under the tag. */
export async function register(dir: string, tag: string): Promise<void> {
  await writeFile(writerPath(dir, tag), JSON.stringify(writerInfo(tag)), { flag: 'wx' });
  liveTags.add(tag);
}

/** The tag's FileStore closed, or was taken over: a lock naming it is no longer alive. */
export function forgetTag(tag: string): void {
  liveTags.delete(tag);
}

/** Takes the folder's lock, or takes over a stale one; false when a live process holds it. */
export async function tryLock(dir: string, tag: string, staleAfterMs: number, log: SdkLog | undefined): Promise<boolean> {
  const path = lockPath(dir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, JSON.stringify(writerInfo(tag)), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await readHolder(path);
    if (held === undefined) continue; // released meanwhile
    if (isAlive(held, staleAfterMs)) return false;
    // Gone: move the lock aside, and check that what we moved is the stale lock we judged, not
    // a fresh one another process took meanwhile.
    const aside = `${path}.${tag}.stale`;
    try {
      await rename(path, aside);
    } catch {
      continue;
    }
    const moved = await readFile(aside, 'utf8').catch(() => undefined);
    if (moved !== held.text) {
      await link(aside, path).catch(() => {});
      await unlink(aside).catch(() => {});
      return false;
    }
    await unlink(aside).catch(() => {});
    log?.info(`Took over the delivery queue in ${dir} from a process that is gone (${held.info ? `pid ${held.info.pid}` : 'unreadable lock'})`);
  }
  return false;
}

/** Deletes the lock if it is still the tag's. */
export async function releaseLock(dir: string, tag: string): Promise<void> {
  const held = await readHolder(lockPath(dir));
  if (held?.info?.tag === tag) await unlink(lockPath(dir)).catch(() => {});
}

/** The same at process exit, synchronously and best effort. */
export function releaseLockSync(dir: string, tag: string): void {
  try {
    if (readInfoSync(lockPath(dir))?.tag === tag) unlinkSync(lockPath(dir));
  } catch {
    // already gone
  }
}

/** Whether the process a lock or registration names is still there (on another host: marked recently). */
export function isAlive(held: Holder, staleAfterMs: number): boolean {
  const { info } = held;
  if (!info) return Date.now() - held.mtimeMs < UNREADABLE_GRACE_MS;
  if (info.host !== hostname()) return Date.now() - held.mtimeMs < staleAfterMs;
  if (info.pid === process.pid) return liveTags.has(info.tag);
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock or registration file: its holder (undefined when unreadable) and when it was last marked. */
export async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const [text, stats] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { info: parseInfo(text), text, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}

function parseInfo(text: string): WriterInfo | undefined {
  try {
    const value = JSON.parse(text) as Partial<WriterInfo>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.tag === 'string') return value as WriterInfo;
  } catch {
    // unreadable
  }
  return undefined;
}

function readInfoSync(path: string): WriterInfo | undefined {
  try {
    return parseInfo(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
