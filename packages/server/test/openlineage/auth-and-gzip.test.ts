import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientService } from '../../src/services/clients/clients.js';
import { IngestKeyService } from '../../src/services/clients/ingest-keys.js';
import { TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';
import { sparkJob } from './events.js';
import { lineageApp, postEvent } from './support.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const event = () => sparkJob('START', '2026-11-27T07:00:00Z');

function keys(app: TestApp) {
  return new IngestKeyService({ db: app.database.db, now: () => app.clock.now });
}

describe('auth: a client token or an ingest key, role writer', () => {
  it('takes a writer\u2019s token, refuses a reader (403) and a missing or wrong token (401)', async () => {
    t = await lineageApp({}, { auth: TEST_AUTH });
    const writer = await tokenFor(t, 'writer');
    const reader = await tokenFor(t, 'reader');
    expect((await postEvent(t, event(), { authorization: `Bearer ${writer.token}` })).statusCode).toBe(201);
    expect((await postEvent(t, event(), { authorization: `Bearer ${reader.token}` })).statusCode).toBe(403);
    expect((await postEvent(t, event())).statusCode).toBe(401);
    expect((await postEvent(t, event(), { authorization: 'Bearer not-a-token' })).statusCode).toBe(401);
  });

  it('takes a client\u2019s ingest key as the bearer value, and stops it at once when the key or the client is revoked', async () => {
    t = await lineageApp({}, { auth: TEST_AUTH });
    const client = await new ClientService({ db: t.database.db, now: () => t!.clock.now }).create('writer', 'airflow');
    const key = await keys(t).create(client.clientId, 'airflow prod');
    expect(key.key).toMatch(/^luco_ik_/);
    const stored = await t.database.db.selectFrom('ingest_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(key.key.slice(8));

    const accepted = await postEvent(t, event(), { authorization: `Bearer ${key.key}` });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect((await postEvent(t, sparkJob('COMPLETE', '2026-11-27T07:01:00Z'), { authorization: `Bearer ${key.key}` })).statusCode).toBe(201);
    const statuses = await t.app.inject({ method: 'GET', url: `/slots/${accepted.json().slotId}/submissions/${accepted.json().submissionId}/status`, headers: { authorization: `Bearer ${(await tokenFor(t, 'reader')).token}` } });
    expect(statuses.json().statuses[0].modifiedBy).toBe(client.clientId);

    const second = await keys(t).create(client.clientId, null);
    expect(await keys(t).revoke(key.keyId)).toBe(true);
    expect((await postEvent(t, event(), { authorization: `Bearer ${key.key}` })).statusCode).toBe(401);
    expect((await postEvent(t, event(), { authorization: `Bearer ${second.key}` })).statusCode).toBe(200);
    await new ClientService({ db: t.database.db, now: () => t!.clock.now }).revoke(client.clientId);
    const refused = await postEvent(t, event(), { authorization: `Bearer ${second.key}` });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toContain('ingest key');
  });

  it('a reader\u2019s ingest key may not write; an ingest key is no token for other routes; a revoked client gets no key', async () => {
    t = await lineageApp({}, { auth: TEST_AUTH });
    const clients = new ClientService({ db: t.database.db, now: () => t!.clock.now });
    const reader = await clients.create('reader', null);
    const readerKey = await keys(t).create(reader.clientId, null);
    expect((await postEvent(t, event(), { authorization: `Bearer ${readerKey.key}` })).statusCode).toBe(403);
    const writer = await clients.create('writer', null);
    const writerKey = await keys(t).create(writer.clientId, null);
    expect((await t.app.inject({ method: 'GET', url: '/v2/slotsequences/overview', headers: { authorization: `Bearer ${writerKey.key}` } })).statusCode).toBe(401);
    await clients.revoke(writer.clientId);
    await expect(keys(t).create(writer.clientId, null)).rejects.toThrow(/No active client/);
    expect((await keys(t).list(writer.clientId)).map((k) => k.keyId)).toEqual([writerKey.keyId]);
  });
});

describe('Content-Encoding: gzip, as the HTTP transport compresses', () => {
  const post = (app: TestApp, payload: Buffer, encoding: string) =>
    app.app.inject({ method: 'POST', url: '/api/v1/lineage', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, payload });

  it('takes a gzip body', async () => {
    t = await lineageApp();
    const response = await post(t, gzipSync(JSON.stringify(event())), 'gzip');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().outcome).toBe('applied');
  });

  it('answers a gzip bomb with a 413 (bounded decompression), broken gzip with a 400, another encoding with a 415', async () => {
    t = await lineageApp();
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const tooLarge = await post(t, bomb, 'gzip');
    expect(tooLarge.statusCode, tooLarge.body).toBe(413);
    expect(tooLarge.headers['content-type']).toContain('application/problem+json');
    const broken = await post(t, Buffer.from('definitely not gzip'), 'gzip');
    expect(broken.statusCode, broken.body).toBe(400);
    expect(broken.json().detail).toContain('gzip');
    const brotli = await post(t, Buffer.from(JSON.stringify(event())), 'br');
    expect(brotli.statusCode).toBe(415);
  });
});
