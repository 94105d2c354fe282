import { describe, expect, it, vi } from 'vitest';
import { AzureCredentialProvider } from '../../src/auth/azure-credential-provider.js';
import type { AzureTokenCredential } from '../../src/auth/types.js';
import { APIUserAbortError, AuthError, ValidationError } from '../../src/core/errors.js';
import { Redactor } from '../../src/core/redact.js';

const EXPIRY = Date.UTC(2030, 0, 1);

function credential(impl: AzureTokenCredential['getToken']) {
  const getToken = vi.fn<AzureTokenCredential['getToken']>(impl);
  return { credential: { getToken } satisfies AzureTokenCredential, getToken };
}

const adapt = (cred: AzureTokenCredential, resourceId = 'api://luco', redactor = new Redactor()) =>
  new AzureCredentialProvider(cred, { resourceId, redactor });

describe('AzureCredentialProvider', () => {
  it('asks for <resourceId>/.default and passes the abort signal as abortSignal', async () => {
    const { credential: cred, getToken } = credential(async () => ({ token: 'azure-token-1', expiresOnTimestamp: EXPIRY }));
    const controller = new AbortController();
    await expect(adapt(cred).fetchToken({ signal: controller.signal })).resolves.toEqual({
      token: 'azure-token-1',
      expiresOnTimestamp: EXPIRY,
    });
    expect(getToken).toHaveBeenCalledWith('api://luco/.default', { abortSignal: controller.signal });
  });

  it('keeps refreshAfterTimestamp and registers the token with the redactor', async () => {
    const redactor = new Redactor();
    const { credential: cred } = credential(async () => ({
      token: 'azure-token-1',
      expiresOnTimestamp: EXPIRY,
      refreshAfterTimestamp: EXPIRY - 600_000,
    }));
    const token = await adapt(cred, 'api://luco', redactor).fetchToken();
    expect(token.refreshAfterTimestamp).toBe(EXPIRY - 600_000);
    expect(redactor.redact('azure-token-1')).toBe('[REDACTED]');
  });

  it('does not alter the resource id beyond appending /.default', () => {
    const { credential: cred } = credential(async () => null);
    expect(adapt(cred, 'https://database.windows.net/').scope).toBe('https://database.windows.net//.default');
    expect(adapt(cred, 'api://luco/.default').scope).toBe('api://luco/.default');
  });

  it('turns a null result into AuthError', async () => {
    const { credential: cred } = credential(async () => null);
    const error = await adapt(cred).fetchToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain('returned no token for scope api://luco/.default');
  });

  it('rejects a result with an empty token or an invalid expiry', async () => {
    const empty = credential(async () => ({ token: '', expiresOnTimestamp: EXPIRY })).credential;
    const badExpiry = credential(async () => ({ token: 'azure-token-1', expiresOnTimestamp: Number.NaN })).credential;
    await expect(adapt(empty).fetchToken()).rejects.toThrow(/non-empty string/);
    await expect(adapt(badExpiry).fetchToken()).rejects.toThrow(/expiry/);
  });

  it('wraps a credential error in AuthError with its cause, OAuth code and a redacted message', async () => {
    const redactor = new Redactor();
    redactor.add('mi-secret-material');
    const original = Object.assign(new Error('ManagedIdentityCredential failed with mi-secret-material'), {
      name: 'AuthenticationError',
      errorResponse: { error: 'invalid_scope', errorDescription: 'bad scope' },
    });
    const { credential: cred } = credential(async () => {
      throw original;
    });
    const error = (await adapt(cred, 'api://luco', redactor).fetchToken().catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.cause).toBe(original);
    expect(error.code).toBe('invalid_scope');
    expect(error.message).toContain('[REDACTED]');
    expect(error.message).not.toContain('mi-secret-material');
  });

  it('reports a caller abort as APIUserAbortError, not AuthError', async () => {
    const controller = new AbortController();
    const { credential: cred } = credential(
      (_scopes, options) =>
        new Promise((_resolve, reject) => {
          options?.abortSignal?.addEventListener('abort', () => reject(new Error('AbortError')));
        }),
    );
    const pending = adapt(cred).fetchToken({ signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    expect(await pending).toBeInstanceOf(APIUserAbortError);
  });

  it('validates its arguments', () => {
    expect(() => adapt({} as AzureTokenCredential)).toThrow(ValidationError);
    expect(() => adapt(credential(async () => null).credential, '')).toThrow(expect.objectContaining({ field: 'resourceId' }));
  });
});
