/**
 * Recovery in a FileStore folder: the owner reads the segments of writers that are gone (exited or
 * crashed), skipping torn or damaged lines, so their queued writes are replayed. Called by
 * FileStore at open and at each maintenance round while it owns the folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SdkLog } from '../core/log.js';
import { isAlive, readHolder, WRITER_NAME, writerPath } from './file-lock.js';
import { SEGMENT_NAME } from './file-segments.js';
import { decodeJournal, type JournalRecord } from './records.js';

/** What the owner has taken over so far: their tags (read once), and their files (deleted at the next compaction). */
export interface Adopted {
  tags: Set<string>;
  files: string[];
}

/** Reads the segments of every writer that is gone, adding them to `adopted`; returns their records. */
export async function takeOverGoneWriters(dir: string, ownTag: string, adopted: Adopted, staleAfterMs: number, log: SdkLog | undefined): Promise<JournalRecord[]> {
  const names = await readdir(dir);
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
    if (tag === ownTag || adopted.tags.has(tag)) continue;
    if (writers.has(tag)) {
      const held = await readHolder(writerPath(dir, tag));
      if (held === undefined || isAlive(held, staleAfterMs)) continue;
    }
    adopted.tags.add(tag);
    for (const { name } of (segments.get(tag) ?? []).sort((a, b) => a.n - b.n)) {
      const path = join(dir, name);
      const text = await readFile(path, 'utf8').catch(() => '');
      const decoded = decodeJournal(text);
      for (const skipped of decoded.skipped) {
        const what = skipped.last ? 'an unfinished last line (a crash while writing)' : 'an unreadable line';
        log?.warn(`Skipped ${what} in ${path} (line ${skipped.line})`);
      }
      records.push(...decoded.records);
      adopted.files.push(path);
    }
    if (writers.has(tag)) adopted.files.push(writerPath(dir, tag));
  }
  return records;
}
