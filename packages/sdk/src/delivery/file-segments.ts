/**
 * A FileStore writer's own files: append-only JSON Lines segments `<tag>.<n>.jsonl`, written
 * through one open file at a time, fsynced (the files and the folder) unless turned off. Used by
 * FileStore; file-recovery.ts reads other writers' segments by their names.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeRecord, type JournalRecord } from './records.js';

export const SEGMENT_NAME = /^(.+)\.(\d{6,})\.jsonl$/;

function segmentPath(dir: string, tag: string, n: number): string {
  return join(dir, `${tag}.${String(n).padStart(6, '0')}.jsonl`);
}

export class SegmentWriter {
  readonly #dir: string;
  readonly #fsync: boolean;
  #tag = '';
  #segmentNo = 0;
  #current: { path: string; handle: FileHandle } | undefined;
  /** Segments written under the current tag. */
  #files: string[] = [];
  #needsNewline = false;

  constructor(dir: string, fsync: boolean) {
    this.#dir = dir;
    this.#fsync = fsync;
  }

  /** New segments are named after the tag (a fresh registration), numbered from 1. */
  useTag(tag: string): void {
    this.#tag = tag;
    this.#segmentNo = 0;
  }

  get currentPath(): string | undefined {
    return this.#current?.path;
  }

  /** The segments written so far, handed over (to be deleted by a compaction); the list starts afresh. */
  takeFiles(): string[] {
    const files = this.#files;
    this.#files = [];
    return files;
  }

  /** A compaction failed: the segments it took are still this writer's. */
  restoreFiles(files: string[]): void {
    this.#files = files;
  }

  /** Appends the records as lines to the current segment (a new one when there is none). */
  async append(records: readonly JournalRecord[]): Promise<void> {
    if (!this.#current) await this.#newSegment();
    const current = this.#current!;
    const text = (this.#needsNewline ? '\n' : '') + records.map(encodeRecord).join('');
    await writeFully(current.handle, text);
    this.#needsNewline = false;
    if (this.#fsync) await current.handle.datasync();
  }

  /** A write failed part-way, maybe: the next one starts on a new line. */
  markTorn(): void {
    this.#needsNewline = true;
  }

  /**
   * At process exit, synchronously and best effort: a write the process was still waiting for. The
   * leading newline ends any line a concurrent async write left unfinished.
   */
  appendSync(records: readonly JournalRecord[]): void {
    try {
      const path = this.#current?.path ?? segmentPath(this.#dir, this.#tag, this.#segmentNo + 1);
      const fd = openSync(path, 'a');
      try {
        writeSync(fd, `\n${records.map(encodeRecord).join('')}`);
        if (this.#fsync) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      // Nothing more can be done while exiting.
    }
  }

  async closeCurrent(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.handle.close().catch(() => {});
  }

  /** Makes file creations and deletions in the folder durable. */
  async syncDir(): Promise<void> {
    if (!this.#fsync) return;
    try {
      const handle = await open(this.#dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // Not every platform can fsync a folder (Windows); the files themselves are synced.
    }
  }

  async #newSegment(): Promise<void> {
    const path = segmentPath(this.#dir, this.#tag, ++this.#segmentNo);
    const handle = await open(path, 'ax');
    this.#current = { path, handle };
    this.#files.push(path);
    await this.syncDir();
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
