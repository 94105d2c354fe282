import { describe, expect, it } from 'vitest';
import { jwtExpiry } from '../../src/auth/jwt-expiry.js';
import { makeJwt } from './helpers.js';

describe('jwtExpiry', () => {
  it('reads exp (seconds) as epoch milliseconds', () => {
    expect(jwtExpiry(makeJwt({ sub: 'svc', exp: 1_735_689_600 }))).toBe(1_735_689_600_000);
  });

  it('decodes base64url payloads of every padding length and with non-ASCII claims', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'Zoë 🚀']) {
      expect(jwtExpiry(makeJwt({ name, exp: 2_000_000_000 }))).toBe(2_000_000_000_000);
    }
  });

  it('accepts an unsigned token (empty signature part)', () => {
    const [header, payload] = makeJwt({ exp: 1_800_000_000 }).split('.');
    expect(jwtExpiry(`${header}.${payload}.`)).toBe(1_800_000_000_000);
  });

  it.each([
    ['an opaque token', 'not-a-jwt'],
    ['two parts', 'eyJhbGciOiJub25lIn0.eyJleHAiOjF9'],
    ['four parts', 'a.b.c.d'],
    ['an empty string', ''],
    ['a payload that is not base64url JSON', 'eyJhbGciOiJub25lIn0.!!!.sig'],
    ['a payload that is base64 but not JSON', `x.${Buffer.from('hello').toString('base64url')}.sig`],
    ['a JSON array payload', `x.${Buffer.from('[1]').toString('base64url')}.sig`],
  ])('returns undefined for %s', (_label, token) => {
    expect(jwtExpiry(token)).toBeUndefined();
  });

  it('returns undefined when exp is missing, not a number, or not positive', () => {
    expect(jwtExpiry(makeJwt({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiry(makeJwt({ exp: '1735689600' }))).toBeUndefined();
    expect(jwtExpiry(makeJwt({ exp: null }))).toBeUndefined();
    expect(jwtExpiry(makeJwt({ exp: -5 }))).toBeUndefined();
  });

  it('returns undefined for non-string input instead of throwing', () => {
    expect(jwtExpiry(undefined as unknown as string)).toBeUndefined();
    expect(jwtExpiry(42 as unknown as string)).toBeUndefined();
  });
});
