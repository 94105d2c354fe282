import { describe, expect, it } from 'vitest';
import { parseClientCredentials, type ParsedClientCredentials } from '../../src/auth/basic-auth.js';

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;

function ok(result: ParsedClientCredentials) {
  if ('error' in result) throw new Error(`expected credentials, got error: ${result.error}`);
  return result;
}

function err(result: ParsedClientCredentials, ...secrets: string[]): string {
  if (!('error' in result)) throw new Error('expected an error');
  for (const s of secrets) expect(result.error).not.toContain(s);
  return result.error;
}

describe('parseClientCredentials', () => {
  it('reads a plain Basic header', () => {
    const r = ok(parseClientCredentials({ authorization: basic('luco_0123456789abcdef', 'S3cr3t-value') }, {}));
    expect(r).toEqual({
      clientId: 'luco_0123456789abcdef',
      clientSecret: 'S3cr3t-value',
      candidates: [{ clientId: 'luco_0123456789abcdef', clientSecret: 'S3cr3t-value' }],
    });
  });

  it('accepts any case of the scheme and keeps colons in the secret', () => {
    const r = ok(parseClientCredentials({ authorization: basic('id', 'a:b:c').replace('Basic', 'bAsIc') }, {}));
    expect(r.clientId).toBe('id');
    expect(r.clientSecret).toBe('a:b:c');
  });

  it('adds the form-urldecoded pair as a second candidate (RFC 6749 2.3.1)', () => {
    const r = ok(parseClientCredentials({ authorization: basic('my%20client', 'a%2Bb%3Ac+d') }, {}));
    expect(r.clientId).toBe('my%20client');
    expect(r.clientSecret).toBe('a%2Bb%3Ac+d');
    expect(r.candidates).toEqual([
      { clientId: 'my%20client', clientSecret: 'a%2Bb%3Ac+d' },
      { clientId: 'my client', clientSecret: 'a+b:c d' },
    ]);
  });

  it('does not add a decoded candidate for invalid escapes', () => {
    const r = ok(parseClientCredentials({ authorization: basic('id', '100%zz') }, {}));
    expect(r.candidates).toEqual([{ clientId: 'id', clientSecret: '100%zz' }]);
  });

  it('reads form fields', () => {
    const r = ok(parseClientCredentials({}, { client_id: 'cid', client_secret: 'csecret', grant_type: 'client_credentials' }));
    expect(r).toEqual({ clientId: 'cid', clientSecret: 'csecret', candidates: [{ clientId: 'cid', clientSecret: 'csecret' }] });
  });

  it('ignores a non-Basic authorization header and uses the form', () => {
    const r = ok(parseClientCredentials({ authorization: 'Bearer abc.def.ghi' }, { client_id: 'cid', client_secret: 'cs' }));
    expect(r.clientId).toBe('cid');
  });

  it('accepts header and form when they agree, including via the decoded variant', () => {
    expect(ok(parseClientCredentials({ authorization: basic('cid', 'cs') }, { client_id: 'cid' })).clientId).toBe('cid');
    const r = ok(parseClientCredentials({ authorization: basic('cid', 'a%2Fb') }, { client_id: 'cid', client_secret: 'a/b' }));
    expect(r.candidates.map((c) => c.clientSecret)).toContain('a/b');
  });

  it('refuses header and form that differ, without echoing either secret', () => {
    const e1 = err(
      parseClientCredentials({ authorization: basic('cid', 'header-secret-1') }, { client_id: 'cid', client_secret: 'form-secret-2' }),
      'header-secret-1',
      'form-secret-2',
    );
    expect(e1).toMatch(/differ/);
    const e2 = err(parseClientCredentials({ authorization: basic('cid', 'top-secret') }, { client_id: 'other' }), 'top-secret');
    expect(e2).toMatch(/differ/);
  });

  it('reports missing or malformed credentials', () => {
    expect(err(parseClientCredentials({}, {}))).toMatch(/missing/);
    expect(err(parseClientCredentials({ authorization: 'Bearer x' }, {}))).toMatch(/missing/);
    expect(err(parseClientCredentials({}, { client_id: 'cid' }))).toMatch(/secret is missing/);
    expect(err(parseClientCredentials({}, { client_secret: 'lonely-secret' }), 'lonely-secret')).toMatch(/missing/);
    expect(err(parseClientCredentials({ authorization: basic('cid', '') }, {}))).toMatch(/secret is missing/);
    const noColon = `Basic ${Buffer.from('just-a-secret-value').toString('base64')}`;
    expect(err(parseClientCredentials({ authorization: noColon }, {}), 'just-a-secret-value')).toMatch(/malformed/);
    expect(err(parseClientCredentials({ authorization: basic('', 'sec-value') }, {}), 'sec-value')).toMatch(/malformed/);
    expect(err(parseClientCredentials({ authorization: 'Basic' }, {}))).toMatch(/malformed/);
    expect(err(parseClientCredentials({ authorization: 'Basic !!not*base64' }, {}))).toMatch(/malformed/);
  });
});
