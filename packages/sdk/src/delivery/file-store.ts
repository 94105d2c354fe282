import { unlinkSync } from 'node:fs';
import { mkdir, unlink, utimes } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ValidationError } from '../core/errors.js';
import { errorText } from '../core/error-text.js';
import type { SdkLog } from '../core/log.js';
import { forgetTag, lockPath, newWriterTag, readHolder, register, releaseLock, releaseLockSync, tryLock, WRITER_NAME, writerPath } from './file-lock.js';
import { type Adopted, takeOverGoneWriters } from './file-recovery.js';
import { SegmentWriter } from './file-segments.js';
import type { JournalRecord } from './records.js';
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

const WRITE_RETRY_MS = 5_000;
const ERROR_LOG_INTERVAL_MS = 60_000;

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
 *
 * Its parts: its own segments (file-segments.ts), the lock and writer registrations
 * (file-lock.ts), and taking over what gone writers left (file-recovery.ts).
 */
export class FileStore implements DeliveryStore {
  readonly durable = true;
  readonly dir: string;
  readonly location: string;
  readonly #fsync: boolean;
  readonly #maintenanceMs: number;
  readonly #staleAfterMs: number;
  readonly #segments: SegmentWriter;
  #context: StoreContext | undefined;
  #tag = '';
  /** Files taken over from gone writers, deleted at the next compaction; and their tags. */
  readonly #adopted: Adopted = { tags: new Set<string>(), files: [] };
  #owner = false;
  #buffer: Array<{ records: readonly JournalRecord[]; done: (durable: boolean) => void }> = [];
  #scheduled = false;
  #chain: Promise<void> = Promise.resolve();
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
    this.#segments = new SegmentWriter(this.dir, this.#fsync);
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
    this.#owner = await tryLock(this.dir, this.#tag, this.#staleAfterMs, this.#log);
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
    await this.#segments.closeCurrent();
    if (this.#owner) await this.#releaseLock();
    await unlink(writerPath(this.dir, this.#tag)).catch(() => {});
    forgetTag(this.#tag);
  }

  closeSync(): void {
    if (this.#closed || !this.#context) return;
    this.#closed = true;
    this.#stopTimers();
    const pending = this.#buffer.splice(0);
    const records = pending.flatMap((entry) => entry.records);
    if (records.length > 0) this.#segments.appendSync(records);
    if (this.#owner) releaseLockSync(this.dir, this.#tag);
    try {
      unlinkSync(writerPath(this.dir, this.#tag));
    } catch {
      // already gone
    }
    forgetTag(this.#tag);
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
      await this.#segments.append(records);
      this.#unwritten -= records.length;
      for (const entry of batch) entry.done(true);
    } catch (error) {
      this.#segments.markTorn();
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

  #reportWriteError(error: unknown, count: number): void {
    const now = Date.now();
    if (now - this.#lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.#lastErrorLog = now;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const why = code === 'ENOSPC' ? 'the disk is full' : errorText(error);
    this.#log?.error(
      `Could not write the delivery queue in ${this.dir} (${why}): ${count} queued write(s) are kept in memory only, still sent as usual, and written to disk as soon as it has room`,
    );
  }

  // ---- compaction ----

  /** Writes the pending records into a new segment, then deletes every older one this store owns. */
  async #rewrite(): Promise<void> {
    if (!this.#context) return;
    const records = this.#context.snapshot();
    const adopted = this.#adopted;
    const own = this.#segments.takeFiles();
    const old = [...own, ...adopted.files.filter((file) => !WRITER_NAME.test(file))];
    const oldWriters = adopted.files.filter((file) => WRITER_NAME.test(file));
    await this.#segments.closeCurrent();
    if (records.length > 0) {
      try {
        await this.#segments.append(records);
      } catch (error) {
        // Keep every old file: nothing is lost, the folder is just not compacted yet.
        const failed = this.#segments.currentPath;
        await this.#segments.closeCurrent();
        if (failed) await unlink(failed).catch(() => {});
        this.#segments.restoreFiles(old.filter((file) => !adopted.files.includes(file)));
        this.#reportWriteError(error, records.length);
        return;
      }
    }
    adopted.files = [];
    // Oldest first: a crash half-way leaves only newer files, whose records are still right.
    for (const file of [...old, ...oldWriters]) {
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') this.#log?.warn(`Could not delete ${file}: ${error.message}`);
      });
    }
    await this.#segments.syncDir();
  }

  // ---- ownership ----

  async #register(): Promise<void> {
    this.#tag = newWriterTag();
    this.#segments.useTag(this.#tag);
    await register(this.dir, this.#tag);
  }

  async #releaseLock(): Promise<void> {
    await releaseLock(this.dir, this.#tag);
    this.#owner = false;
  }

  #takeOverGoneWriters(): Promise<JournalRecord[]> {
    return takeOverGoneWriters(this.dir, this.#tag, this.#adopted, this.#staleAfterMs, this.#log);
  }

  async #maintain(): Promise<void> {
    if (this.#maintaining || this.#closed || !this.#context) return;
    this.#maintaining = true;
    try {
      const now = new Date();
      const mine = await readHolder(writerPath(this.dir, this.#tag));
      if (mine?.info?.tag !== this.#tag) {
        // Another process judged this one gone and took its files: start afresh and rewrite
        // what is pending into new files (their records may be sent twice; the keys dedupe them).
        this.#log?.warn(`The delivery queue files of this process in ${this.dir} were taken over by another process; writing the pending writes anew`);
        const reborn = this.#chain.then(async () => {
          await this.#segments.closeCurrent();
          this.#segments.takeFiles(); // the other process's now
          forgetTag(this.#tag);
          await this.#register();
        });
        this.#chain = reborn.catch(() => {});
        await reborn;
        await this.compact();
      } else {
        await utimes(writerPath(this.dir, this.#tag), now, now).catch(() => {});
      }
      if (this.#owner) {
        const lock = await readHolder(lockPath(this.dir));
        if (lock?.info?.tag !== this.#tag) {
          this.#owner = false;
          this.#log?.info(`This process no longer owns the delivery queue in ${this.dir}`);
        } else {
          await utimes(lockPath(this.dir), now, now).catch(() => {});
        }
      } else {
        this.#owner = await tryLock(this.dir, this.#tag, this.#staleAfterMs, this.#log);
      }
      if (this.#owner && !this.#closed) {
        const records = await this.#takeOverGoneWriters();
        // Closed meanwhile: the files stay as they are, for the next owner.
        if (this.#closed) return;
        if (records.length > 0 || this.#adopted.files.length > 0) {
          if (records.length > 0) this.#context.merge(records);
          await this.compact();
        }
      }
    } catch (error) {
      this.#log?.debug(`Delivery queue maintenance failed: ${errorText(error)}`);
    } finally {
      this.#maintaining = false;
    }
  }

  /** For tests: runs the periodic maintenance now. */
  async maintainNow(): Promise<void> {
    await this.#maintain();
  }

  #stopTimers(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#timer = undefined;
    this.#retryTimer = undefined;
  }
}
