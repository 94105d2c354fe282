import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureQueueDir, isFor, queueDir, readQueue, serverText } from '../../src/queue/folder.js';

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
      servers: [{ baseUrl: null, clientId: null, queued: 3, oldest: new Date(1500), submissions: 1, kinds: { submission: 1, metrics: 1, status: 1 } }],
    });
    expect(await readQueue(join(scratch, 'none'))).toMatchObject({ queued: 0, oldest: null });
  });

  it('groups what waits by the server it was queued for (base URL and client id), the oldest first', async () => {
    const dir = join(scratch, 'servers');
    await ensureQueueDir(dir);
    const a = { baseUrl: 'https://luco-a.example.com/api', clientId: 'client-a' };
    const op = (id: string, kind: string, at: number, target: unknown) => JSON.stringify({ t: 'op', v: 1, id, seq: 1, at, key: id, kind, target });
    writeFileSync(
      join(dir, 'w-1.000001.jsonl'),
      [
        op('1', 'slot', 3000, a),
        op('2', 'metrics', 3001, a),
        op('3', 'status', 2000, { ...a, clientId: 'client-b' }),
        op('4', 'status', 4000, { baseUrl: 'http://10.0.0.5:8080', clientId: null }),
        op('5', 'metrics', 1000, undefined),
        op('6', 'metrics', 1001, { baseUrl: 42 }),
      ].join('\n') + '\n',
    );
    const { servers, queued } = await readQueue(dir);
    expect(queued).toBe(6);
    expect(servers.map(({ baseUrl, clientId, queued: count, oldest }) => [baseUrl, clientId, count, oldest?.getTime()])).toEqual([
      // No server recorded (an older luco), or one that cannot be read: unknown.
      [null, null, 2, 1000],
      ['https://luco-a.example.com/api', 'client-b', 1, 2000],
      ['https://luco-a.example.com/api', 'client-a', 2, 3000],
      ['http://10.0.0.5:8080', null, 1, 4000],
    ]);
    expect(isFor(servers[2]!, a)).toBe(true);
    expect(isFor(servers[1]!, a)).toBe(false);
    expect(serverText(servers[0]!)).toBe('an unknown server (queued by an older luco)');
    expect(serverText(servers[3]!)).toBe('http://10.0.0.5:8080 (no client id)');
  });
});
