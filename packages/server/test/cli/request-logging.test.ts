import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { redactUrl, serverLoggerOptions } from '../../src/cli/logging.js';
import type { LucoApp } from '../../src/context.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { TEST_AUTH } from '../support/app.js';

let app: LucoApp | undefined;
let database: DatabaseHandle | undefined;
afterEach(async () => {
  await app?.close();
  await database?.close();
});

/** The app as `luco-server serve` configures its logging, writing to a captured stream. */
async function loggingApp(): Promise<{ app: LucoApp; logs: () => string }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  database = openDatabase(':memory:');
  await migrateToLatest(database.db);
  app = await buildApp({ database, auth: TEST_AUTH, logger: serverLoggerOptions('info', stream) });
  await app.ready();
  return { app, logs: () => lines.join('') };
}

describe('request logging', () => {
  it('redacts credentials in the query string of every logged URL, and never logs authorization or cookie headers', async () => {
    const { app, logs } = await loggingApp();
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsdWNvIn0.c2VjcmV0LXNpZ25hdHVyZQ';
    await app.inject({ method: 'GET', url: `/v2/slots/overview?access_token=${token}&pageSize=5` });
    await app.inject({ method: 'POST', url: '/oauth2/token?client_secret=hunter2-secret&Code=the-code-value&API_KEY=key-value-1&x-amz-security-token=amz-token-value', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' });
    await app.inject({ method: 'GET', url: '/healthz?password=pass-word-value&key=plain-key-value', headers: { authorization: 'Bearer header-token-value', cookie: 'session=cookie-value' } });
    await app.inject({ method: 'GET', url: '/healthz?access%5Ftoken=escaped-token-value' });

    const text = logs();
    expect(text).toContain('incoming request');
    for (const secret of [token, 'hunter2-secret', 'the-code-value', 'key-value-1', 'amz-token-value', 'pass-word-value', 'plain-key-value', 'header-token-value', 'cookie-value', 'escaped-token-value']) {
      expect(text).not.toContain(secret);
    }
    const urls = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { req?: { url: string } })
      .flatMap((entry) => (entry.req ? [entry.req.url] : []));
    expect(urls).toContain('/v2/slots/overview?access_token=[Redacted]&pageSize=5');
    expect(urls).toContain('/healthz?password=[Redacted]&key=[Redacted]');
  });
});

describe('redactUrl', () => {
  it('keeps paths and harmless parameters as they are', () => {
    expect(redactUrl('/v2/slots/overview')).toBe('/v2/slots/overview');
    expect(redactUrl('/slots?tag=a&status=Failed&flag')).toBe('/slots?tag=a&status=Failed&flag');
    expect(redactUrl('/x?token')).toBe('/x?token=[Redacted]');
    expect(redactUrl('/x?refresh_token=a&db_password=b&TOKEN=c')).toBe('/x?refresh_token=[Redacted]&db_password=[Redacted]&TOKEN=[Redacted]');
  });
});
