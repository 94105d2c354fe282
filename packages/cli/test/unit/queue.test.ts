import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureQueueDir, queueDir, readQueue } from '../../src/queue/folder.js';

const scratch = mkdtempSync(join(tmpdir(), 'luco-cli-queue-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('queueDir', () => {
  it('--queue-dir, else LUCO_QUEUE_DIR, else $XDG_STATE_HOME/luco/queue, else ~/.local/state/luco/queue', () => {
    expect(queueDir('/a/q', { LUCO_QUEUE_DIR: '/b/q', XDG_STATE_HOME: '/s' })).toBe('/a/q');
    expect(queueDir(undefined, { LUCO_QUEUE_DIR: '/b/q', XDG_STATE_HOME: '/s' })).toBe('/b/q');
    expect(queueDir(undefined, { LUCO_QUEUE_DIR: '', XDG_STATE_HOME: '/s' })).toBe('/s/luco/queue');
    // A relative XDG_STATE_HOME is invalid (XDG spec) and ignored.
    expect(queueDir(undefined, { XDG_STATE_HOME: 'relative' })).toBe(join(homedir(), '.local', 'state', 'luco', 'queue'));
    expect(queueDir(undefined, {})).toBe(join(homedir(), '.local', 'state', 'luco', 'queue'));
  });
});

describe('ensureQueueDir / readQueue', () => {
  it('creates the folder and its parents owner-only (0700)', async () => {
    const dir = join(scratch, 'state', 'luco', 'queue');
    await ensureQueueDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(scratch, 'state')).mode & 0o777).toBe(0o700);
  });

  it('counts operations without a done record, oldest first; skips damaged lines; a missing folder is empty', async () => {
    const dir = join(scratch, 'read');
    await ensureQueueDir(dir);
    const op = (id: string, kind: string, at: number) => JSON.stringify({ t: 'op', v: 1, id, seq: 1, at, key: id, kind });
    writeFileSync(
      join(dir, 'a-1-x.000001.jsonl'),
      [op('1', 'slot', 2000), op('2', 'submission', 2001), op('3', 'metrics', 2002), JSON.stringify({ t: 'done', id: '1', at: 3000, outcome: 'sent' }), '{"t":"op",'].join('\n'),
    );
    writeFileSync(join(dir, 'b-2-y.000001.jsonl'), `${op('4', 'status', 1500)}\n${op('2', 'submission', 2001)}\n`);
    writeFileSync(join(dir, 'owner.lock'), '{}');
    expect(await readQueue(dir)).toEqual({
      folder: dir,
      queued: 3,
      oldest: new Date(1500),
      submissions: 1,
      kinds: { submission: 1, metrics: 1, status: 1 },
    });
    expect(await readQueue(join(scratch, 'none'))).toMatchObject({ queued: 0, oldest: null });
  });
});
