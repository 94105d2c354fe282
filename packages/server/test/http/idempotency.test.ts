import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, TEST_AUTH, type TestApp } from '../support/app.js';
import { tokenFor } from '../support/clients.js';

let t: TestApp;
afterEach(async () => t?.close());

const config = { name: [{ key: 'client', value: 'acme' }], type: 'Feed' };

async function importWith(key: string, token: string, slotSequences: unknown[]) {
  return t.app.inject({
    method: 'POST',
    url: '/v2/slotsequences/import',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
    payload: { slotSequences },
  });
}

describe('Idempotency-Key', () => {
  it('the same key and body get the first response again, and the write happens once', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    const first = await importWith('key-1', token, [config]);
    const again = await importWith('key-1', token, [config]);
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const count = await t.database.db.selectFrom('slot_sequences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('the same key with another body is a 422 naming the header', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    await importWith('key-2', token, [config]);
    const other = await importWith('key-2', token, [{ ...config, type: 'Report' }]);
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0].field).toBe('Idempotency-Key');
  });

  it('keys are per client: another client may use the same key', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const one = await tokenFor(t, 'admin');
    const two = await tokenFor(t, 'admin');
    await importWith('shared', one.token, [config]);
    const second = await importWith('shared', two.token, [{ ...config, name: [{ key: 'client', value: 'beta' }] }]);
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a key expires after 24 hours', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    await importWith('key-3', token, [config]);
    t.clock.now += 25 * 3600 * 1000;
    const fresh = await tokenFor(t, 'admin');
    const later = await importWith('key-3', fresh.token, [{ ...config, type: 'Other' }]);
    expect(later.statusCode).toBe(200);
  });

  it('an expired key of the same client is taken over by a new request', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    await importWith('key-4', token, [config]);
    await t.database.db.updateTable('idempotency_keys').set({ expires_on: t.clock.now - 1 }).where('key', '=', 'key-4').execute();
    const reused = await importWith('key-4', token, [{ ...config, type: 'Other' }]);
    expect(reused.statusCode).toBe(200);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
    const replay = await importWith('key-4', token, [{ ...config, type: 'Other' }]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('concurrent requests with one key: one write, every other request gets its answer (no 409)', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    const answers = await Promise.all(Array.from({ length: 6 }, () => importWith('key-6', token, [config])));
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    const count = await t.database.db.selectFrom('slot_sequences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('a write that fails keeps nothing under its key, so a corrected retry can still use it', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/v2/slots/1/submissions/999/metrics',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'key-7' },
      payload: { metrics: [{ metric: 'rows', value: 1 }] },
    });
    expect(refused.statusCode).toBe(404);
    expect(await t.database.db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
  });

  it('a claim left in progress answers 409 for 2 minutes, then a retry runs the request', async () => {
    t = await createTestApp({ auth: TEST_AUTH });
    const { token } = await tokenFor(t, 'admin');
    await importWith('key-5', token, [config]);
    // As if the process died between claiming the key and storing the answer.
    await t.database.db.updateTable('idempotency_keys').set({ status: null, response_body: null }).where('key', '=', 'key-5').execute();
    const early = await importWith('key-5', token, [config]);
    expect(early.statusCode).toBe(409);
    expect(early.headers['retry-after']).toBe('1');
    t.clock.now += 3 * 60 * 1000;
    const later = await importWith('key-5', token, [config]);
    expect(later.statusCode).toBe(200);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    const count = await t.database.db.selectFrom('slot_sequences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

describe('JSON bodies are validated as sent', () => {
  it('a string where a boolean belongs is a 400 naming the field, not silently coerced', async () => {
    t = await createTestApp();
    const response = await t.app.inject({ method: 'POST', url: '/v2/slotsequences/import', payload: { allowOverwrites: 'true', slotSequences: [] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'allowOverwrites', in: 'body' });
  });
});
