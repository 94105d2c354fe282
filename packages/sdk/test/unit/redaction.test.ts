import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { json, scriptedFetch } from '../support/fake-fetch.js';
import { makeHttpClient } from '../support/http-client-harness.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGllbnQiLCJleHAiOjE5MDAwMDAwMDB9.c2lnbmF0dXJlLXZhbHVl';

describe('Redactor', () => {
  it('masks registered secrets, bearer and basic credentials, JWTs and token form fields', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-value');
    const text = `secret s3cr3t-value; Authorization: Bearer abc.def; Basic dXNlcjpwYXNz; token ${JWT}; client_secret=xyz&access_token=qq`;
    const out = redactor.redact(text);
    for (const leaked of ['s3cr3t-value', 'abc.def', 'dXNlcjpwYXNz', JWT, 'xyz', '=qq']) expect(out).not.toContain(leaked);
    expect(out).toContain('Bearer [REDACTED]');
  });

  it('masks Authorization headers of any scheme, passwords in URLs and AWS access key ids', () => {
    const redactor = new Redactor();
    const text = [
      'Authorization: token ghp_abcdef123456',
      'proxy-authorization=rawcredential',
      'GET postgres://luco:pa55-w0rd@db.internal:5432/luco failed',
      'key id AKIAIOSFODNN7EXAMPLE',
    ].join('\n');
    const out = redactor.redact(text);
    for (const leaked of ['ghp_abcdef123456', 'rawcredential', 'pa55-w0rd', 'AKIAIOSFODNN7EXAMPLE']) expect(out).not.toContain(leaked);
    expect(out).toContain('Authorization: token [REDACTED]');
    expect(out).toContain('postgres://luco:[REDACTED]@db.internal:5432/luco');
  });

  it('redactFreeText also masks the value of every pair whose name says secret, any case, with = or :', () => {
    const redactor = new Redactor();
    const text = [
      'token=abc123 PASSWORD: hunter2 Secret="two words" api_key=k-1&page=2',
      'KEY: plain-key  db_password = pw-9  aws_secret_access_key=wJalrXUtnFEMI/K7MDENG',
      '{"token": "t-1", "clientSecret": "cs-2"}',
    ].join('\n');
    const out = redactor.redactFreeText(text);
    for (const leaked of ['abc123', 'hunter2', 'two words', 'k-1', 'plain-key', 'pw-9', 'wJalrXUtnFEMI', 't-1', 'cs-2']) expect(out).not.toContain(leaked);
    expect(out).toContain('page=2');
    expect(out).toContain('Secret="[REDACTED]"');
    expect(out).toContain('{"token": "[REDACTED]", "clientSecret": "[REDACTED]"}');
  });

  it('redact leaves ordinary `name: message` text alone (a problem detail about a sequence key stays readable)', () => {
    const detail = 'slotSequenceDefinition[0].key: must not be empty';
    expect(new Redactor().redact(detail)).toBe(detail);
  });

  it('masks secret-named keys and nested strings in structured values', () => {
    const redactor = new Redactor();
    redactor.add('hunter22');
    const out = redactor.redactValue({ authorization: 'Bearer x', nested: { note: 'pw hunter22' }, list: [JWT], client_secret: 'abc' });
    expect(JSON.stringify(out)).not.toMatch(/hunter22|Bearer x|eyJ|"abc"/);
  });
});

describe('no secret or token in logs or errors', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('an error body echoing a token and the secret is redacted in the error and the log', async () => {
    const echo = { title: 'Bad token', detail: `token ${JWT} for secret s3cr3t-value rejected`, access_token: JWT };
    const { fetch } = scriptedFetch([json(400, echo)]);
    const { http, logger } = makeHttpClient(fetch, { secret: 's3cr3t-value' });
    const error = await http.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e as Error);
    const surfaces = [String(error), (error as Error).message, JSON.stringify((error as unknown as { body: unknown }).body), ...logger.lines];
    for (const surface of surfaces) {
      expect(surface).not.toContain(JWT);
      expect(surface).not.toContain('s3cr3t-value');
    }
    expect((error as Error).message).toContain('[REDACTED]');
  });

  it('debug logging of requests never prints the bearer token', async () => {
    const { fetch } = scriptedFetch([json(503, {}), json(200, {})]);
    const { http, logger } = makeHttpClient(fetch);
    const done = http.request({ method: 'GET', path: '/x' });
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).not.toContain('token-1');
  });
});
