import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LucoApi, SDK_VERSION, ValidationError } from '../../src/index.js';
import { staticIdentity } from '../support/recording-server.js';

const credentials = { tenantId: 't', clientId: 'c', clientSecret: 'secret-value-1', resourceId: 'r' };

function constructionError(options: ConstructorParameters<typeof LucoApi>[0]): ValidationError {
  try {
    new LucoApi(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the constructor to throw');
}

describe('LucoApi configuration', () => {
  it('reads every missing option from LUCO_* variables; explicit options win', () => {
    const env = {
      LUCO_BASE_URL: 'https://luco.example.com/api/',
      LUCO_TENANT_ID: 't', LUCO_CLIENT_ID: 'c', LUCO_CLIENT_SECRET: 'secret-value-2', LUCO_RESOURCE_ID: 'r',
    };
    expect(new LucoApi({ env }).baseUrl).toBe('https://luco.example.com/api');
    expect(new LucoApi({ env, baseUrl: 'https://other.example.com' }).baseUrl).toBe('https://other.example.com');
  });

  it('treats an empty string option as missing, as LucoPy does', () => {
    const env = { LUCO_BASE_URL: 'https://luco.example.com' };
    expect(new LucoApi({ env, baseUrl: '', identity: staticIdentity }).baseUrl).toBe('https://luco.example.com');
  });

  it('makes a trailing slash on the base URL harmless', () => {
    expect(new LucoApi({ baseUrl: 'https://luco.example.com/api///', identity: staticIdentity, env: {} }).baseUrl).toBe('https://luco.example.com/api');
  });

  it('requires https except for loopback hosts', () => {
    expect(constructionError({ baseUrl: 'http://luco.example.com', identity: staticIdentity, env: {} }).field).toBe('baseUrl');
    expect(constructionError({ baseUrl: 'HTTP://10.0.0.5', identity: staticIdentity, env: {} }).message).toMatch(/must use https/);
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080']) {
      expect(new LucoApi({ baseUrl: url, identity: staticIdentity, env: {} }).baseUrl).toBe(url);
    }
  });

  it('refuses a plain-http token endpoint off this machine, since the secret goes there', () => {
    const error = constructionError({ baseUrl: 'https://luco.example.com', ...credentials, tokenUrl: 'http://idp.example.com/token', env: {} });
    expect(error.field).toBe('tokenUrl');
  });

  it('a missing URL or credentials is a clear error at construction, naming the variables', () => {
    expect(constructionError({ env: {}, identity: staticIdentity }).message).toBe('baseUrl: is required: pass baseUrl or set LUCO_BASE_URL');
    const missing = constructionError({ baseUrl: 'https://luco.example.com', clientId: 'c', env: {} });
    expect(missing.field).toBe('credentials');
    expect(missing.message).toContain('clientSecret (LUCO_CLIENT_SECRET)');
    expect(missing.message).toContain('resourceId (LUCO_RESOURCE_ID)');
    expect(missing.message).toContain('tenantId (LUCO_TENANT_ID) or tokenUrl (LUCO_TOKEN_URL)');
    expect(missing.message).not.toContain('clientId (');
  });

  it('an Azure-style credential needs a resource id for its scope', () => {
    const credential = { getToken: async () => ({ token: 'x', expiresOnTimestamp: Date.now() + 60_000 }) };
    expect(constructionError({ baseUrl: 'https://luco.example.com', identity: credential, env: {} }).field).toBe('resourceId');
    expect(new LucoApi({ baseUrl: 'https://luco.example.com', identity: credential, resourceId: 'r', env: {} })).toBeInstanceOf(LucoApi);
  });

  it('rejects an identity with neither generateToken nor getToken', () => {
    expect(constructionError({ baseUrl: 'https://luco.example.com', identity: {} as never, env: {} }).field).toBe('identity');
  });

  it('validates timeout, maxRetries and logLevel (LUCO_LOG included)', () => {
    const base = { baseUrl: 'https://luco.example.com', identity: staticIdentity };
    expect(constructionError({ ...base, timeout: 0, env: {} }).field).toBe('timeout');
    expect(constructionError({ ...base, maxRetries: -1, env: {} }).field).toBe('maxRetries');
    expect(constructionError({ ...base, env: { LUCO_LOG: 'loud' } }).field).toBe('logLevel');
  });

  it('never shows the client secret in a construction error', () => {
    const error = constructionError({ baseUrl: 'ftp://luco.example.com', ...credentials, env: {} });
    expect(String(error)).not.toContain(credentials.clientSecret);
  });

  it('SDK_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
