import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { redactUrl, serverLoggerOptions } from '../../src/cli/logging.js';
import { formatLogEntry } from '../../src/cli/pretty-log.js';
import type { LogFormat } from '../../src/cli/config.js';
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
async function loggingApp(format: LogFormat = 'json'): Promise<{ app: LucoApp; logs: () => string }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  database = openDatabase(':memory:');
  await migrateToLatest(database.db);
  app = await buildApp({ database, auth: TEST_AUTH, logger: serverLoggerOptions({ level: 'info', format, stream }) });
  // A route that fails the way a bug would, for the error line.
  app.get('/test-failure', async () => {
    throw new Error('disk on fire');
  });
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

describe('--log-format pretty', () => {
  const TIME = String.raw`\d{2}:\d{2}:\d{2}\.\d{3}`;

  it('one line per request: time, level, method, path with credentials redacted, status, duration, request id', async () => {
    const { app, logs } = await loggingApp('pretty');
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsdWNvIn0.c2VjcmV0LXNpZ25hdHVyZQ';
    const overview = await app.inject({ method: 'GET', url: `/v2/slots/overview?access_token=${token}&pageSize=5`, headers: { 'x-request-id': 'req-overview-1' } });
    await app.inject({ method: 'POST', url: '/oauth2/token?client_secret=hunter2-secret', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-request-id': 'req-token-2' }, payload: 'grant_type=client_credentials' });
    await app.inject({ method: 'GET', url: '/healthz?password=pass-word-value', headers: { authorization: 'Bearer header-token-value', 'x-request-id': 'req-health-3' } });

    const lines = logs().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${TIME} INFO  GET /v2/slots/overview\\?access_token=\\[Redacted\\]&pageSize=5 ${overview.statusCode} \\d+(\\.\\d)? ms req-overview-1$`));
    expect(lines[1]).toMatch(new RegExp(`^${TIME} INFO  POST /oauth2/token\\?client_secret=\\[Redacted\\] 401 \\d+(\\.\\d)? ms req-token-2$`));
    expect(lines[2]).toMatch(new RegExp(`^${TIME} INFO  GET /healthz\\?password=\\[Redacted\\] 200 \\d+(\\.\\d)? ms req-health-3$`));
    for (const secret of [token, 'hunter2-secret', 'pass-word-value', 'header-token-value']) expect(logs()).not.toContain(secret);
  });

  it('an error: its request line at ERROR, the message and the stack below, without the request id lost', async () => {
    const { app, logs } = await loggingApp('pretty');
    const response = await app.inject({ method: 'GET', url: '/test-failure?api_key=k-value', headers: { 'x-request-id': 'req-fail-1' } });
    expect(response.statusCode).toBe(500);
    const text = logs();
    expect(text).toMatch(new RegExp(`^${TIME} ERROR request failed \\[req-fail-1\\] error: disk on fire\n    at `, 'm'));
    expect(text).toMatch(new RegExp(`^${TIME} INFO  GET /test-failure\\?api_key=\\[Redacted\\] 500 \\d+(\\.\\d)? ms req-fail-1$`, 'm'));
    expect(text).not.toContain('k-value');
  });

  it('JSON stays one object a line, the request logged as it arrives and as it completes', async () => {
    const { app, logs } = await loggingApp('json');
    await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-json-1' } });
    const entries = logs().trim().split('\n').map((line) => JSON.parse(line) as { msg: string; reqId: string; res?: Record<string, unknown> });
    expect(entries.map((entry) => [entry.msg, entry.reqId])).toEqual([['incoming request', 'req-json-1'], ['request completed', 'req-json-1']]);
    expect(entries[1]!.res).toEqual({ statusCode: 200 });
  });
});

describe('formatLogEntry', () => {
  it('start-up lines: the message, then the fields as key=value (JSON when they need quoting)', () => {
    const time = new Date(2026, 10, 27, 9, 5, 7, 42).getTime();
    expect(formatLogEntry({ level: 30, time, pid: 1, hostname: 'h', database: '/srv/luco/luco.db', msg: 'database ready' })).toBe('09:05:07.042 INFO  database ready database=/srv/luco/luco.db\n');
    expect(formatLogEntry({ level: 40, time, msg: 'created the key file', file: '/a b/luco.key', migrations: ['0001_init'] })).toBe('09:05:07.042 WARN  created the key file file="/a b/luco.key" migrations=["0001_init"]\n');
    expect(formatLogEntry({ level: 30, time, msg: 'incoming request', req: { method: 'GET', url: '/' } })).toBeUndefined();
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
