import { randomBytes } from 'node:crypto';
import { closeSync as fsCloseSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { type FileHandle, link, mkdir, open, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ValidationError } from '../core/errors.js';
import type { SdkLog } from '../core/log.js';
import { decodeJournal, encodeRecord, type JournalRecord } from './records.js';
import type { DeliveryStore, StoreContext } from './store.js';

export interface FileStoreOptions {
  /** fsync each batch of appends before the writes that made it return (default true). */
  fsync?: boolean | undefined;
  /**
   * How often this process marks its files as in use, checks the folder lock, and takes over
   * files left by processes that are gone (default 15 s).
   */
  maintenanceIntervalMs?: number | undefined;
  /**
   * Files of a writer on another host (a shared folder) not marked in use for this long are taken
   * over (default 10 min). On the same host a writer is gone when its process is.
   */
  staleAfterMs?: number | undefined;
}

/** Who holds a file: the lock, or a writer's registration. */
interface WriterInfo {
  pid: number;
  host: string;
  tag: string;
  since: number;
}

const LOCK_FILE = 'owner.lock';
const SEGMENT_NAME = /^(.+)\.(\d{6,})\.jsonl$/;
const WRITER_NAME = /^(.+)\.writer$/;
/** A lock or registration file still empty after this long was left by a crash mid-creation. */
const UNREADABLE_GRACE_MS = 10_000;
const WRITE_RETRY_MS = 5_000;
const ERROR_LOG_INTERVAL_MS = 60_000;

/** Tags of the FileStores open in this process (a lock naming this pid is alive only for them). */
const liveTags = new Set<string>();

/**
 * A folder of append-only JSON Lines files that outlives the process.
 *
 * Each process writes only files it created (`<tag>.<n>.jsonl`, where the tag is unique to the
 * process) and registers itself in `<tag>.writer`. One process at a time holds `owner.lock`
 * (created exclusively; a lock whose process is gone is taken over): the owner replays and takes
 * over the files of writers that exited or crashed, and deletes them once their records are
 * rewritten into its own. A second process on the same folder queues into its own files and sends
 * its own writes; what it leaves behind is taken over by the owner later. Appends made in one tick
 * are written together and fsynced once.
 */
export class FileStore implements DeliveryStore {
  readonly durable = true;
  readonly dir: string;
  readonly location: string;
  readonly #fsync: boolean;
  readonly #maintenanceMs: number;
  readonly #staleAfterMs: number;
  #context: StoreContext | undefined;
  #tag = '';
  #segmentNo = 0;
  #current: { path: string; handle: FileHandle } | undefined;
  /** Segments this process wrote under its current tag. */
  #ownFiles: string[] = [];
  /** Files taken over from gone writers; deleted at the next compaction. */
  #adoptedFiles: string[] = [];
  #adoptedTags = new Set<string>();
  #owner = false;
  #buffer: Array<{ records: readonly JournalRecord[]; done: (durable: boolean) => void }> = [];
  #scheduled = false;
  #chain: Promise<void> = Promise.resolve();
  #needsNewline = false;
  #unwritten = 0;
  #timer: NodeJS.Timeout | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #maintaining = false;
  #closed = false;
  #lastErrorLog = 0;

  constructor(dir: string, options: FileStoreOptions = {}) {
    if (typeof dir !== 'string' || dir.trim() === '') throw new ValidationError('dir', 'must be a folder path');
    this.dir = resolve(dir);
    this.location = this.dir;
    this.#fsync = options.fsync ?? true;
    this.#maintenanceMs = options.maintenanceIntervalMs ?? 15_000;
    this.#staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
  }

  /** Whether this process holds the folder's lock (replays and takes over others' files). */
  get isOwner(): boolean {
    return this.#owner;
  }

  get unwritten(): number {
    return this.#unwritten;
  }

  get #log(): SdkLog | undefined {
    return this.#context?.log;
  }

  async open(context: StoreContext): Promise<JournalRecord[]> {
    if (this.#context) throw new ValidationError('store', 'this FileStore is already open');
    this.#context = context;
    await mkdir(this.dir, { recursive: true });
    await this.#register();
    this.#owner = await this.#tryLock();
    if (!this.#owner) {
      context.log.info(`Another process owns the delivery queue in ${this.dir}; this one queues into its own files there, and what it leaves is replayed later`);
    }
    const records = this.#owner ? await this.#takeOverGoneWriters() : [];
    this.#timer = setInterval(() => void this.#maintain(), this.#maintenanceMs);
    this.#timer.unref();
    return records;
  }

  append(records: readonly JournalRecord[]): Promise<boolean> {
    if (records.length === 0) return Promise.resolve(true);
    if (this.#closed) return Promise.resolve(false);
    this.#unwritten += records.length;
    return new Promise<boolean>((done) => {
      this.#buffer.push({ records, done });
      this.#schedule();
    });
  }

  compact(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    // What is buffered goes first, into the files the rewrite replaces.
    this.#flushBuffer();
    const run = this.#chain.then(() => this.#rewrite());
    this.#chain = run.catch(() => {});
    return run;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTimers();
    this.#flushBuffer();
    await this.#chain;
    await this.#closeCurrent();
    if (this.#owner) await this.#releaseLock();
    await unlink(this.#writerPath(this.#tag)).catch(() => {});
    liveTags.delete(this.#tag);
  }

  closeSync(): void {
    if (this.#closed || !this.#context) return;
    this.#closed = true;
    this.#stopTimers();
    const pending = this.#buffer.splice(0);
    const records = pending.flatMap((entry) => entry.records);
    if (records.length > 0) {
      // Best effort: a write the process was still waiting for. The leading newline ends any
      // line a concurrent async write left unfinished.
      try {
        const path = this.#current?.path ?? this.#segmentPath(this.#tag, this.#segmentNo + 1);
        const fd = openSync(path, 'a');
        try {
          writeSync(fd, `\n${records.map(encodeRecord).join('')}`);
          if (this.#fsync) fsyncSync(fd);
        } finally {
          fsCloseSync(fd);
        }
      } catch {
        // Nothing more can be done while exiting.
      }
    }
    try {
      if (this.#owner && readInfoSync(this.#lockPath())?.tag === this.#tag) unlinkSync(this.#lockPath());
    } catch {
      // already gone
    }
    try {
      unlinkSync(this.#writerPath(this.#tag));
    } catch {
      // already gone
    }
    liveTags.delete(this.#tag);
  }

  // ---- appends ----

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Everything appended in this tick goes into one write and one fsync.
    setImmediate(() => {
      this.#scheduled = false;
      this.#flushBuffer();
    });
  }

  #flushBuffer(): void {
    const batch = this.#buffer.splice(0);
    if (batch.length === 0) return;
    this.#chain = this.#chain.then(() => this.#writeBatch(batch));
  }

  async #writeBatch(batch: Array<{ records: readonly JournalRecord[]; done: (durable: boolean) => void }>): Promise<void> {
    const records = batch.flatMap((entry) => entry.records);
    try {
      await this.#appendLines(records);
      this.#unwritten -= records.length;
      for (const entry of batch) entry.done(true);
    } catch (error) {
      this.#needsNewline = true;
      this.#reportWriteError(error, records.length);
      // Kept in memory and written as soon as the folder takes them again.
      this.#buffer.unshift({ records, done: () => {} });
      for (const entry of batch) entry.done(false);
      if (!this.#retryTimer && !this.#closed) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#flushBuffer();
        }, WRITE_RETRY_MS);
        this.#retryTimer.unref();
      }
    }
  }

  async #appendLines(records: readonly JournalRecord[]): Promise<void> {
    if (!this.#current) await this.#newSegment();
    const current = this.#current!;
    const text = (this.#needsNewline ? '\n' : '') + records.map(encodeRecord).join('');
    await writeFully(current.handle, text);
    this.#needsNewline = false;
    if (this.#fsync) await current.handle.datasync();
  }

  #reportWriteError(error: unknown, count: number): void {
    const now = Date.now();
    if (now - this.#lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.#lastErrorLog = now;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const why = code === 'ENOSPC' ? 'the disk is full' : error instanceof Error ? error.message : String(error);
    this.#log?.error(
      `Could not write the delivery queue in ${this.dir} (${why}): ${count} queued write(s) are kept in memory only, still sent as usual, and written to disk as soon as it has room`,
    );
  }

  async #newSegment(): Promise<void> {
    const path = this.#segmentPath(this.#tag, ++this.#segmentNo);
    const handle = await open(path, 'ax');
    this.#current = { path, handle };
    this.#ownFiles.push(path);
    await this.#syncDir();
  }

  async #closeCurrent(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.handle.close().catch(() => {});
  }

  // ---- compaction ----

  /** Writes the pending records into a new segment, then deletes every older one this store owns. */
  async #rewrite(): Promise<void> {
    if (!this.#context) return;
    const records = this.#context.snapshot();
    const old = [...this.#ownFiles, ...this.#adoptedFiles.filter((file) => !WRITER_NAME.test(file))];
    const oldWriters = this.#adoptedFiles.filter((file) => WRITER_NAME.test(file));
    await this.#closeCurrent();
    this.#ownFiles = [];
    if (records.length > 0) {
      try {
        await this.#appendLines(records);
      } catch (error) {
        // Keep every old file: nothing is lost, the folder is just not compacted yet.
        const failed = this.#current?.path;
        await this.#closeCurrent();
        if (failed) await unlink(failed).catch(() => {});
        this.#ownFiles = old.filter((file) => !this.#adoptedFiles.includes(file));
        this.#reportWriteError(error, records.length);
        return;
      }
    }
    this.#adoptedFiles = [];
    // Oldest first: a crash half-way leaves only newer files, whose records are still right.
    for (const file of [...old, ...oldWriters]) {
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') this.#log?.warn(`Could not delete ${file}: ${error.message}`);
      });
    }
    await this.#syncDir();
  }

  // ---- ownership ----

  #lockPath(): string {
    return join(this.dir, LOCK_FILE);
  }

  #writerPath(tag: string): string {
    return join(this.dir, `${tag}.writer`);
  }

  #segmentPath(tag: string, n: number): string {
    return join(this.dir, `${tag}.${String(n).padStart(6, '0')}.jsonl`);
  }

  #info(): WriterInfo {
    return { pid: process.pid, host: hostname(), tag: this.#tag, since: Date.now() };
  }

  async #register(): Promise<void> {
    this.#tag = `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.#segmentNo = 0;
    await writeFile(this.#writerPath(this.#tag), JSON.stringify(this.#info()), { flag: 'wx' });
    liveTags.add(this.#tag);
  }

  async #tryLock(): Promise<boolean> {
    const path = this.#lockPath();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await writeFile(path, JSON.stringify(this.#info()), { flag: 'wx' });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = await readHolder(path);
      if (held === undefined) continue; // released meanwhile
      if (this.#isAlive(held)) return false;
      // Gone: move the lock aside, and check that what we moved is the stale lock we judged, not
      // a fresh one another process took meanwhile.
      const aside = `${path}.${this.#tag}.stale`;
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
      this.#log?.info(`Took over the delivery queue in ${this.dir} from a process that is gone (${held.info ? `pid ${held.info.pid}` : 'unreadable lock'})`);
    }
    return false;
  }

  async #releaseLock(): Promise<void> {
    const held = await readHolder(this.#lockPath());
    if (held?.info?.tag === this.#tag) await unlink(this.#lockPath()).catch(() => {});
    this.#owner = false;
  }

  #isAlive(held: { info: WriterInfo | undefined; mtimeMs: number }): boolean {
    const { info } = held;
    if (!info) return Date.now() - held.mtimeMs < UNREADABLE_GRACE_MS;
    if (info.host !== hostname()) return Date.now() - held.mtimeMs < this.#staleAfterMs;
    if (info.pid === process.pid) return liveTags.has(info.tag);
    try {
      process.kill(info.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  /** Reads the segments of every writer that is gone; their files are deleted at the next compaction. */
  async #takeOverGoneWriters(): Promise<JournalRecord[]> {
    const names = await readdir(this.dir);
    const segments = new Map<string, Array<{ n: number; name: string }>>();
    const writers = new Set<string>();
    for (const name of names) {
      const segment = SEGMENT_NAME.exec(name);
      if (segment) {
        const tag = segment[1]!;
        const list = segments.get(tag) ?? [];
        list.push({ n: Number(segment[2]), name });
        segments.set(tag, list);
        continue;
      }
      const writer = WRITER_NAME.exec(name);
      if (writer) writers.add(writer[1]!);
    }
    const records: JournalRecord[] = [];
    const tags = [...new Set([...segments.keys(), ...writers])].sort();
    for (const tag of tags) {
      if (tag === this.#tag || this.#adoptedTags.has(tag)) continue;
      if (writers.has(tag)) {
        const held = await readHolder(this.#writerPath(tag));
        if (held === undefined || this.#isAlive(held)) continue;
      }
      this.#adoptedTags.add(tag);
      for (const { name } of (segments.get(tag) ?? []).sort((a, b) => a.n - b.n)) {
        const path = join(this.dir, name);
        const text = await readFile(path, 'utf8').catch(() => '');
        const decoded = decodeJournal(text);
        for (const skipped of decoded.skipped) {
          const what = skipped.last ? 'an unfinished last line (a crash while writing)' : 'an unreadable line';
          this.#log?.warn(`Skipped ${what} in ${path} (line ${skipped.line})`);
        }
        records.push(...decoded.records);
        this.#adoptedFiles.push(path);
      }
      if (writers.has(tag)) this.#adoptedFiles.push(this.#writerPath(tag));
    }
    return records;
  }

  async #maintain(): Promise<void> {
    if (this.#maintaining || this.#closed || !this.#context) return;
    this.#maintaining = true;
    try {
      const now = new Date();
      const mine = await readHolder(this.#writerPath(this.#tag));
      if (mine?.info?.tag !== this.#tag) {
        // Another process judged this one gone and took its files: start afresh and rewrite
        // what is pending into new files (their records may be sent twice; the keys dedupe them).
        this.#log?.warn(`The delivery queue files of this process in ${this.dir} were taken over by another process; writing the pending writes anew`);
        const reborn = this.#chain.then(async () => {
          await this.#closeCurrent();
          this.#ownFiles = []; // the other process's now
          liveTags.delete(this.#tag);
          await this.#register();
        });
        this.#chain = reborn.catch(() => {});
        await reborn;
        await this.compact();
      } else {
        await utimes(this.#writerPath(this.#tag), now, now).catch(() => {});
      }
      if (this.#owner) {
        const lock = await readHolder(this.#lockPath());
        if (lock?.info?.tag !== this.#tag) {
          this.#owner = false;
          this.#log?.info(`This process no longer owns the delivery queue in ${this.dir}`);
        } else {
          await utimes(this.#lockPath(), now, now).catch(() => {});
        }
      } else {
        this.#owner = await this.#tryLock();
      }
      if (this.#owner && !this.#closed) {
        const records = await this.#takeOverGoneWriters();
        // Closed meanwhile: the files stay as they are, for the next owner.
        if (this.#closed) return;
        if (records.length > 0 || this.#adoptedFiles.length > 0) {
          if (records.length > 0) this.#context.merge(records);
          await this.compact();
        }
      }
    } catch (error) {
      this.#log?.debug(`Delivery queue maintenance failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#maintaining = false;
    }
  }

  /** For tests: runs the periodic maintenance now. */
  async maintainNow(): Promise<void> {
    await this.#maintain();
  }

  async #syncDir(): Promise<void> {
    if (!this.#fsync) return;
    try {
      const handle = await open(this.dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // Not every platform can fsync a folder (Windows); the files themselves are synced.
    }
  }

  #stopTimers(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#timer = undefined;
    this.#retryTimer = undefined;
  }
}

async function writeFully(handle: FileHandle, text: string): Promise<void> {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
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

/** A lock or registration file: its holder (undefined when unreadable) and when it was last marked. */
async function readHolder(path: string): Promise<{ info: WriterInfo | undefined; text: string; mtimeMs: number } | undefined> {
  try {
    const [text, stats] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { info: parseInfo(text), text, mtimeMs: stats.mtimeMs };
  } catch {
    return undefined;
  }
}

function readInfoSync(path: string): WriterInfo | undefined {
  try {
    return parseInfo(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
