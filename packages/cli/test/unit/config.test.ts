import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowHttpOf, configPath, readConfig, removeConfig, resolveSettings, writeConfig } from '../../src/config.js';
import { checkSettings } from '../../src/missing-settings.js';

describe('configPath', () => {
  it('LUCO_CONFIG, else an absolute XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ LUCO_CONFIG: '/etc/luco.json', XDG_CONFIG_HOME: '/x' })).toBe('/etc/luco.json');
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/luco/config.json');
    expect(configPath({ XDG_CONFIG_HOME: 'relative' })).toBe(join(homedir(), '.config', 'luco', 'config.json'));
    expect(configPath({})).toBe(join(homedir(), '.config', 'luco', 'config.json'));
  });
});

describe('resolveSettings', () => {
  it('takes each setting from flags, then LUCO_* variables, then the file; empty counts as missing', () => {
    const resolved = resolveSettings(
      { baseUrl: 'https://flag', clientId: '' },
      { LUCO_BASE_URL: 'https://env', LUCO_CLIENT_ID: 'env-id', LUCO_RESOURCE_ID: '' },
      { baseUrl: 'https://file', clientId: 'file-id', resourceId: 'file-resource', clientSecret: 's' },
    );
    expect(resolved.settings).toEqual({ baseUrl: 'https://flag', clientId: 'env-id', resourceId: 'file-resource', clientSecret: 's' });
    expect(resolved.sources).toEqual({ baseUrl: 'flag', clientId: 'env', resourceId: 'file', clientSecret: 'file' });
  });

  it('takes the token endpoint whole from the highest level that names one: a --tenant-id flag is not mixed with a saved token URL', () => {
    const saved = { tokenUrl: 'http://127.0.0.1:8080/oauth2/token', authorityHost: 'https://login.example.cn', clientSecret: 'saved-secret' };
    const azure = resolveSettings({ tenantId: 'contoso', clientSecret: 'given-secret' }, {}, saved);
    expect(azure.settings).toEqual({ tenantId: 'contoso', clientSecret: 'given-secret' });
    expect(azure.sources).toEqual({ tenantId: 'flag', clientSecret: 'flag' });
    // A variable outranks the file the same way; a flag and a variable of the endpoint: the flag's level only.
    expect(resolveSettings({}, { LUCO_TENANT_ID: 'contoso' }, saved).settings.tokenUrl).toBeUndefined();
    expect(resolveSettings({ tokenUrl: 'https://a/oauth2/token' }, { LUCO_TENANT_ID: 'contoso' }, undefined).settings).toEqual({ tokenUrl: 'https://a/oauth2/token' });
    // The same level may name both (the SDK then uses the token URL), and a saved endpoint stays whole.
    expect(resolveSettings({}, {}, saved).settings).toEqual(saved);
  });

  it('never sends the saved secret to a token endpoint other than the saved one, and says why it is missing', () => {
    const saved = { baseUrl: 'https://luco.example.com', tokenUrl: 'https://luco.example.com/oauth2/token', clientId: 'c', resourceId: 'luco', clientSecret: 'saved-secret' };
    const elsewhere = resolveSettings({ tokenUrl: 'https://attacker.example/oauth2/token' }, {}, saved);
    expect(elsewhere.settings.clientSecret).toBeUndefined();
    expect(elsewhere.withheld?.clientSecret).toMatch(/saved for its own token endpoint/);
    expect(() => checkSettings(elsewhere.settings, false, elsewhere.withheld)).toThrow(/the client secret .*saved for its own token endpoint/);
    // Given with the new endpoint, or with the saved endpoint, the secret is used.
    expect(resolveSettings({ tokenUrl: 'https://b/oauth2/token' }, { LUCO_CLIENT_SECRET: 'env-secret' }, saved).settings.clientSecret).toBe('env-secret');
    expect(resolveSettings({ clientId: 'other' }, {}, saved).settings.clientSecret).toBe('saved-secret');
  });
});

describe('writeConfig / readConfig / removeConfig', () => {
  it('writes owner-only (0600) in a 0700 folder, even over a wider existing file, and reads it back', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'luco-cli-config-'));
    const path = join(folder, 'luco', 'config.json');
    await writeConfig(path, { baseUrl: 'https://a', clientSecret: 's3cret', tenantId: undefined });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(folder, 'luco'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ baseUrl: 'https://a', clientSecret: 's3cret' });

    await writeFile(path, '{"baseUrl":"https://old"}');
    await chmod(path, 0o644);
    expect((await readConfig(path))?.tooOpen).toBe(true);
    await writeConfig(path, { baseUrl: 'https://b' });
    const loaded = await readConfig(path);
    expect(loaded).toEqual({ path, settings: { baseUrl: 'https://b' }, tooOpen: false });

    expect(await removeConfig(path)).toBe(true);
    expect(await removeConfig(path)).toBe(false);
    expect(await readConfig(path)).toBeUndefined();
    await rm(folder, { recursive: true });
  });

  it('a file that is not a JSON object is a usage error', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'luco-cli-config-'));
    const path = join(folder, 'config.json');
    await writeFile(path, '[1]');
    await expect(readConfig(path)).rejects.toThrow(/must hold a JSON object/);
    await writeFile(path, '{');
    await expect(readConfig(path)).rejects.toThrow(/not valid JSON/);
    await rm(folder, { recursive: true });
  });
});

describe('allowHttp', () => {
  it('is on with 1, true, yes or on (any case), off when unset or 0, false, no, off; anything else names where it came from', () => {
    for (const on of ['1', 'true', 'TRUE', 'yes', 'on']) expect(allowHttpOf(on, 'env')).toBe(true);
    for (const off of [undefined, '', '0', 'false', 'no', 'off']) expect(allowHttpOf(off, 'env')).toBe(false);
    expect(() => allowHttpOf('maybe', 'env')).toThrow('LUCO_ALLOW_HTTP must be 1 (allow plain http to a server off this machine) or 0, got "maybe"');
    expect(() => allowHttpOf('maybe', 'file')).toThrow(/^allowHttp in the config file must be 1/);
  });

  it('is kept in the config file as true (and only when on), and read back from a boolean', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'luco-cli-config-'));
    const path = join(folder, 'config.json');
    await writeConfig(path, { baseUrl: 'http://lan:8080', allowHttp: 'true' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ baseUrl: 'http://lan:8080', allowHttp: true });
    expect((await readConfig(path))?.settings).toEqual({ baseUrl: 'http://lan:8080', allowHttp: 'true' });
    await writeConfig(path, { baseUrl: 'https://a', allowHttp: '0' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ baseUrl: 'https://a' });
    await writeFile(path, JSON.stringify({ allowHttp: 3 }));
    await expect(readConfig(path)).rejects.toThrow(/allowHttp must be true or false/);
    await rm(folder, { recursive: true });
    // A flag, LUCO_ALLOW_HTTP, or the file, in that order, like every setting.
    expect(resolveSettings({ allowHttp: undefined }, { LUCO_ALLOW_HTTP: '1' }, { allowHttp: 'false' }).sources.allowHttp).toBe('env');
  });
});

describe('checkSettings', () => {
  const complete = { baseUrl: 'https://a', tokenUrl: 'https://a/oauth2/token', clientId: 'c', clientSecret: 's', resourceId: 'luco' };

  it('passes a complete configuration (a tenant id instead of a token URL too)', () => {
    expect(() => checkSettings(complete, false)).not.toThrow();
    expect(() => checkSettings({ ...complete, tokenUrl: undefined, tenantId: 't' }, true)).not.toThrow();
  });

  it('names every missing setting with its flag and variable, and where luco login comes in', () => {
    expect(() => checkSettings({}, false)).toThrow(
      'missing settings: the base URL (--base-url or LUCO_BASE_URL); ' +
        'where tokens come from: --token-url or LUCO_TOKEN_URL for a LucoTS server (<base URL>/oauth2/token), or --tenant-id or LUCO_TENANT_ID for Azure AD; ' +
        'the client id (--client-id or LUCO_CLIENT_ID); the client secret (LUCO_CLIENT_SECRET, or saved by luco login --client-secret-stdin); ' +
        "the resource id (--resource-id or LUCO_RESOURCE_ID; a LucoTS server's is luco unless it was started with another). " +
        'Give them as flags or LUCO_* variables, or save them once with luco login (see luco login --help)',
    );
    expect(() => checkSettings({ ...complete, resourceId: undefined }, false)).toThrow(/^missing setting: the resource id \(--resource-id or LUCO_RESOURCE_ID/);
  });

  it('for luco login itself, never points back at luco login', () => {
    let message = '';
    try {
      checkSettings({ ...complete, clientSecret: undefined, tokenUrl: undefined }, true);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'missing settings: where tokens come from: --token-url or LUCO_TOKEN_URL for a LucoTS server (<base URL>/oauth2/token), or --tenant-id or LUCO_TENANT_ID for Azure AD; ' +
        'the client secret (--client-secret-stdin, or LUCO_CLIENT_SECRET). Give luco login these flags (or set the variables); see luco login --help',
    );
    expect(message).not.toMatch(/save them once with luco login|run `?luco login/);
  });
});
